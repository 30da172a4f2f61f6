using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;
using Meridian.Region.Storage;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.ControlPlane;

/// <summary>Shared set-up for the streaming policy and locator tests.</summary>
internal static class StreamingTestData
{
    public const string ClearKeyPolicyBody =
        """{"properties":{"options":[{"name":"o","configuration":{"@odata.type":"#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration"},"restriction":{"@odata.type":"#Microsoft.Media.ContentKeyPolicyOpenRestriction"}}]}}""";

    /// <summary>The metadata scope of the test account.</summary>
    public static string AccountScope(string account = TestRegion.Account) =>
        new AccountScope(TestRegion.Subscription, TestRegion.ResourceGroup, account).Scope;

    /// <summary>
    /// Creates a content key policy through the API; while the contentKeyPolicies kind is not part of this build
    /// (the PUT is a 404 for an unknown path), writes the document straight into the store instead.
    /// </summary>
    public static async Task CreateContentKeyPolicyAsync(TestRegion region, string name, string account = TestRegion.Account)
    {
        var path = $"/subscriptions/{TestRegion.Subscription}/resourceGroups/{TestRegion.ResourceGroup}/providers/Microsoft.Media/mediaServices/{account}/contentKeyPolicies/{name}";
        var (status, body) = await region.SendAsync(HttpMethod.Put, path, ClearKeyPolicyBody);
        if (status is 200 or 201)
        {
            return;
        }

        Assert.Equal(404, status);
        Assert.Equal("NotFound", (string?)body!["error"]!["code"]);
        await SeedAsync(region, new ResourceKey(AccountScope(account), "contentkeypolicies", name),
            JsonNode.Parse(ClearKeyPolicyBody)!["properties"]!.AsObject());
    }

    /// <summary>Writes an account filter document into the store (the accountFilters kind is built elsewhere).</summary>
    public static Task SeedAccountFilterAsync(TestRegion region, string name) =>
        SeedAsync(region, new ResourceKey(AccountScope(), "accountfilters", name), new JsonObject { ["firstQuality"] = new JsonObject { ["bitrate"] = 128000 } });

    /// <summary>Writes an asset filter document into the store (the assetFilters kind is built elsewhere).</summary>
    public static Task SeedAssetFilterAsync(TestRegion region, string asset, string name) =>
        SeedAsync(region, new ResourceKey($"{AccountScope()}/assets/{asset.ToLowerInvariant()}", "assetfilters", name),
            new JsonObject { ["firstQuality"] = new JsonObject { ["bitrate"] = 128000 } });

    /// <summary>Creates an asset and returns its container.</summary>
    public static async Task<string> CreateAssetAsync(TestRegion region, string name)
    {
        var (status, body) = await region.PutAsync($"assets/{name}", new { properties = new { } });
        Assert.Equal(201, status);
        return (string)body!["properties"]!["container"]!;
    }

    /// <summary>Writes empty files straight into an asset's container directory.</summary>
    public static async Task WriteFilesAsync(TestRegion region, string container, params string[] files)
    {
        var directory = region.Server.Services.GetRequiredService<FileSystemBlobStore>().ContainerPath(container);
        Directory.CreateDirectory(directory);
        foreach (var file in files)
        {
            await File.WriteAllBytesAsync(Path.Combine(directory, file), [0]);
        }
    }

    /// <summary>Follows an <c>@odata.nextLink</c> (it already carries the api-version).</summary>
    public static Task<(int Status, JsonNode? Body)> FollowAsync(TestRegion region, JsonNode? nextLink) =>
        region.SendAsync(HttpMethod.Get, new Uri((string)nextLink!).PathAndQuery, apiVersion: "");

    public static async Task<(int Status, JsonNode? Body)> CreateLocatorAsync(TestRegion region, string name, object properties) =>
        await region.PutAsync($"streamingLocators/{name}", new { properties });

    private static async Task SeedAsync(TestRegion region, ResourceKey key, JsonObject properties)
    {
        var document = new ResourceDocument { Name = key.Name, Properties = properties };
        var store = region.Server.Services.GetRequiredService<IMetadataStore>();
        await store.WriteAsync(session =>
        {
            session.Put(new StoredResource(key, document.Serialize()));
            return true;
        });
    }
}
