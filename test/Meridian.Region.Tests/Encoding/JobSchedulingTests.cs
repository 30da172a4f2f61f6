using System.Text.Json.Nodes;
using Meridian.Region.Encoder;
using static Meridian.Region.Tests.Encoder.EncodingTestSupport;

namespace Meridian.Region.Tests.Encoder;

/// <summary>The queue: with one worker busy, a High job queued after a Low one starts first.</summary>
public sealed class JobSchedulingTests
{
    [Fact]
    public async Task HigherPriority_StartsFirst()
    {
        var runner = new RealtimeFfmpegRunner(TimeProvider.System);
        await using var region = await StartAsync(new EncodingOptions { Workers = 1, Threads = 1, SpeedPreset = "ultrafast" }, runner);
        await AssetAsync(region, "long", await EncodingTestMedia.LongClipAsync());
        await AssetAsync(region, "short", await EncodingTestMedia.ClipAsync());
        foreach (var name in new[] { "o0", "oLow", "oHigh" })
        {
            await AssetAsync(region, name);
        }

        await TransformAsync(region, "busy", BuiltIn("AdaptiveStreaming"));
        await TransformAsync(region, "audio", BuiltIn("AACGoodQualityAudio"));
        await JobAsync(region, "busy", "j0", AssetInput("long"), "o0");
        await runner.EncodeStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        await Submit(region, "low", "Low", "oLow");
        await Submit(region, "high", "High", "oHigh");
        Assert.Equal("Queued", State((await region.GetAsync("transforms/audio/jobs/low")).Body!));

        Assert.Equal(200, (await region.PostAsync("transforms/busy/jobs/j0/cancelJob")).Status);
        var low = await WaitAsync(region, "audio", "low", IsFinal, 60);
        var high = await WaitAsync(region, "audio", "high", IsFinal, 60);
        Assert.Equal("Finished", State(low));
        Assert.Equal("Finished", State(high));
        var lowStart = DateTimeOffset.Parse((string)low["properties"]!["startTime"]!, System.Globalization.CultureInfo.InvariantCulture);
        var highStart = DateTimeOffset.Parse((string)high["properties"]!["startTime"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(highStart < lowStart, $"high {highStart:O} low {lowStart:O}");
    }

    private static async Task Submit(Meridian.Region.Tests.Infrastructure.TestRegion region, string job, string priority, string output)
    {
        var (status, body) = await region.PutAsync($"transforms/audio/jobs/{job}", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["input"] = AssetInput("short"),
                ["priority"] = priority,
                ["outputs"] = new JsonArray(new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobOutputAsset", ["assetName"] = output }),
            },
        });
        Assert.True(status == 201, body?.ToJsonString());
    }
}
