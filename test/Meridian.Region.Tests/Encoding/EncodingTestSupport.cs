using System.Globalization;
using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.StreamingEndpoints;
using Meridian.Region.Encoder;
using Meridian.Region.Events;
using Meridian.Region.Storage;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.Encoder;

/// <summary>Regions with encoding configured for tests, and the steps of an encoding test: upload, transform, job, wait.</summary>
public static class EncodingTestSupport
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A region with the test account and a running default streaming endpoint.</summary>
    public static async Task<TestRegion> StartAsync(
        EncodingOptions? options = null, IFfmpegRunner? runner = null, IJobEventSink? sink = null, string? dataDirectory = null)
    {
        var region = await TestRegion.StartAsync(
            configureBuilder: b =>
            {
                b.Services.Configure<StreamingEndpointOptions>(o => o.TransitionDelay = TimeSpan.Zero);
                // Inputs come from loopback servers in these tests; a region refuses loopback inputs by default.
                b.Services.AddSingleton(options ?? new EncodingOptions { Threads = 1, SpeedPreset = "ultrafast", HttpInputsFromLoopback = true });
                if (runner is not null)
                {
                    b.Services.AddSingleton(runner);
                }

                if (sink is not null)
                {
                    b.Services.AddSingleton(sink);
                }
            },
            dataDirectory: dataDirectory);
        await region.CreateAccountAsync();
        var (status, body) = await region.PostAsync("streamingEndpoints/default/start");
        Assert.True(status is 200 or 202, body?.ToJsonString());
        return region;
    }

    /// <summary>Creates an asset and, if given, uploads one file into it; returns the container.</summary>
    public static async Task<string> AssetAsync(TestRegion region, string name, string? file = null)
    {
        var (status, asset) = await region.PutAsync($"assets/{name}", new { });
        Assert.True(status is 200 or 201, asset?.ToJsonString());
        var container = (string)asset!["properties"]!["container"]!;
        if (file is not null)
        {
            var blobs = region.Server.Services.GetRequiredService<IBlobStore>();
            await using var stream = File.OpenRead(file);
            await blobs.WriteAsync(container, Path.GetFileName(file), stream, new BlobWriteOptions(), Ct);
        }

        return container;
    }

    public static async Task TransformAsync(TestRegion region, string name, params object[] presets)
    {
        var (status, body) = await region.PutAsync($"transforms/{name}", new
        {
            properties = new { outputs = presets.Select(p => new { preset = p }).ToArray() },
        });
        Assert.True(status is 200 or 201, body?.ToJsonString());
    }

    public static object BuiltIn(string presetName) => new JsonObject
    {
        ["@odata.type"] = "#Microsoft.Media.BuiltInStandardEncoderPreset",
        ["presetName"] = presetName,
    };

    public static JsonObject AssetInput(string assetName) => new()
    {
        ["@odata.type"] = "#Microsoft.Media.JobInputAsset",
        ["assetName"] = assetName,
    };

    public static async Task<JsonNode> JobAsync(TestRegion region, string transform, string job, JsonObject input, params string[] outputAssets)
    {
        var outputs = new JsonArray([.. outputAssets.Select(a => (JsonNode)new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobOutputAsset", ["assetName"] = a })]);
        var (status, body) = await region.PutAsync($"transforms/{transform}/jobs/{job}", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["input"] = input,
                ["outputs"] = outputs,
                ["correlationData"] = new JsonObject { ["tenant"] = "t1" },
            },
        });
        Assert.True(status == 201, body?.ToJsonString());
        return body!;
    }

    /// <summary>Polls the job until <paramref name="done"/> holds for it; fails after <paramref name="seconds"/>.</summary>
    public static async Task<JsonNode> WaitAsync(TestRegion region, string transform, string job, Func<JsonNode, bool> done, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var (status, body) = await region.GetAsync($"transforms/{transform}/jobs/{job}");
            Assert.Equal(200, status);
            last = body!;
            if (done(last))
            {
                return last;
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException($"The job did not reach the expected state: {last?.ToJsonString()}");
    }

    public static string State(JsonNode job) => (string)job["properties"]!["state"]!;

    public static bool IsFinal(JsonNode job) => State(job) is "Finished" or "Error" or "Canceled";

    public static JsonNode Output(JsonNode job, int index = 0) => job["properties"]!["outputs"]![index]!;

    /// <summary>The blob names of a container, sorted.</summary>
    public static IReadOnlyList<string> Files(TestRegion region, string container) =>
        [.. region.Server.Services.GetRequiredService<IBlobStore>().List(container, new BlobListOptions()).Entries.Select(e => e.Name).Order(StringComparer.Ordinal)];

    /// <summary>Copies a blob to a local file for ffprobe.</summary>
    public static async Task<string> DownloadAsync(TestRegion region, string container, string name)
    {
        var blobs = region.Server.Services.GetRequiredService<IBlobStore>();
        using var handle = blobs.OpenRead(container, name) ?? throw new InvalidOperationException($"{name} is missing.");
        var path = Path.Combine(Path.GetTempPath(), "meridian-enc-" + Guid.NewGuid().ToString("N") + ".mp4");
        var bytes = new byte[handle.Length];
        handle.Read(0, bytes);
        await File.WriteAllBytesAsync(path, bytes, Ct);
        return path;
    }

    /// <summary>Presentation times of the video keyframes.</summary>
    public static async Task<IReadOnlyList<double>> KeyframeTimesAsync(string path)
    {
        var (exit, output) = await ProcessRunner.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path],
            Path.GetTempPath(), null, TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, output);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => double.TryParse(l.TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(l => double.Parse(l.TrimEnd(','), CultureInfo.InvariantCulture))];
    }

    /// <summary>Codec name, width and height of the first video stream (or the audio codec).</summary>
    public static async Task<string> StreamsAsync(string path)
    {
        var (exit, output) = await ProcessRunner.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height", "-of", "csv=p=0", path],
            Path.GetTempPath(), null, TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, output);
        return output.Trim();
    }
}
