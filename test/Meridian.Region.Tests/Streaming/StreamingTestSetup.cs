using Meridian.Region.ControlPlane.StreamingEndpoints;
using Meridian.Region.Storage;
using Meridian.Region.Streaming;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.Streaming;

/// <summary>Publishes local media files through a real region: asset, blobs, running endpoint, locator.</summary>
public static class StreamingTestSetup
{
    /// <summary>Starts a region whose streaming endpoint operations complete at once.</summary>
    public static async Task<TestRegion> StartRegionAsync(string? dataDirectory = null, string name = "region1", OriginOptions? origin = null)
    {
        var region = await TestRegion.StartAsync(
            configureBuilder: b =>
            {
                b.Services.Configure<StreamingEndpointOptions>(o => o.TransitionDelay = TimeSpan.Zero);
                if (origin is not null)
                {
                    b.Services.AddSingleton(origin);
                }
            },
            dataDirectory: dataDirectory,
            name: name);
        await region.CreateAccountAsync();
        var (status, body) = await region.PostAsync("streamingEndpoints/default/start");
        if (status is not (200 or 202))
        {
            throw new InvalidOperationException($"Endpoint start failed: {status} {body}");
        }

        return region;
    }

    /// <summary>Creates an asset holding <paramref name="files"/> and a locator for it; returns the streaming base URL of the locator.</summary>
    public static async Task<Uri> PublishAsync(
        TestRegion region, string assetName, IEnumerable<string> files, string policy = "Predefined_DownloadAndClearStreaming",
        Guid? locatorId = null, object? locatorProperties = null)
    {
        var (assetStatus, asset) = await region.PutAsync($"assets/{assetName}", new { });
        Assert.True(assetStatus is 200 or 201, asset?.ToJsonString());
        var container = (string)asset!["properties"]!["container"]!;
        var blobs = region.Server.Services.GetRequiredService<IBlobStore>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            await blobs.WriteAsync(container, Path.GetFileName(file), stream, new BlobWriteOptions());
        }

        var id = locatorId ?? Guid.NewGuid();
        var (status, body) = await region.PutAsync($"streamingLocators/{assetName}-locator",
            locatorProperties ?? new { properties = new { assetName, streamingPolicyName = policy, streamingLocatorId = id } });
        Assert.True(status == 201, body?.ToJsonString());
        return new Uri(region.Server.Addresses.Streaming, id.ToString("D") + "/");
    }
}
