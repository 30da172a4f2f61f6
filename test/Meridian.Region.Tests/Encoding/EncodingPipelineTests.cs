using System.Text.Json.Nodes;
using Meridian.Region.Tests.Players;
using Meridian.Region.Tests.Streaming;
using static Meridian.Region.Tests.Encoder.EncodingTestSupport;

namespace Meridian.Region.Tests.Encoder;

/// <summary>Real ffmpeg on a 4 s 640x360 clip: renditions, names, GOP alignment, the .ism, and playback through the origin.</summary>
public sealed class EncodingPipelineTests
{
    [Fact]
    public async Task AdaptiveStreaming_MakesAGopAlignedLadder_ThatStreamsThroughTheOrigin()
    {
        var sink = new RecordingJobEventSink();
        await using var region = await StartAsync(sink: sink);
        await AssetAsync(region, "in", await EncodingTestMedia.ClipAsync());
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.True(State(job) == "Finished", job.ToJsonString());
        Assert.Equal(100, (int)Output(job)["progress"]!);
        Assert.NotNull(Output(job)["endTime"]);
        Assert.NotNull(job["properties"]!["startTime"]);

        // Never upscaled: the top rung is the source's 360 lines.
        string[] expected = ["clip.ism", "clip_320x180_300.mp4", "clip_426x240_500.mp4", "clip_640x360_1000.mp4", "clip_AACAudio_128.mp4", "clip_manifest.json"];
        Assert.Equal(expected, Files(region, container));

        foreach (var video in expected.Where(f => f.Contains('x', StringComparison.Ordinal) && f.EndsWith(".mp4", StringComparison.Ordinal)))
        {
            var path = await DownloadAsync(region, container, video);
            var keyframes = await KeyframeTimesAsync(path);
            Assert.Equal([0.0, 2.0], keyframes.Select(t => Math.Round(t, 2)));
            Assert.StartsWith("h264,", await StreamsAsync(path), StringComparison.Ordinal);
            File.Delete(path);
        }

        var audio = await DownloadAsync(region, container, "clip_AACAudio_128.mp4");
        Assert.Equal("aac,audio", (await StreamsAsync(audio)).Replace(",,", "", StringComparison.Ordinal).TrimEnd(','));
        File.Delete(audio);

        // Events: every transition, in order, and progress.
        var events = sink.Events.ToList();
        Assert.Contains("job Queued->Scheduled", events);
        Assert.Contains("job Scheduled->Processing", events);
        Assert.Contains("job Processing->Finished", events);
        Assert.Contains("output0 Processing->Finished", events);
        Assert.True(events.IndexOf("job Scheduled->Processing") < events.IndexOf("job Processing->Finished"));
        Assert.All(sink.Correlations, c => Assert.Equal("t1", c["tenant"]));

        // Streamable at once through the origin: HLS CMAF master and every segment.
        var id = Guid.NewGuid();
        var (status, body) = await region.PutAsync("streamingLocators/loc", new { properties = new { assetName = "out", streamingPolicyName = "Predefined_ClearStreamingOnly", streamingLocatorId = id } });
        Assert.True(status == 201, body?.ToJsonString());
        using var http = new HttpClient();
        var master = new Uri(region.Server.Addresses.Streaming, $"{id:D}/clip.ism/manifest(format=m3u8-cmaf)");
        var groups = await ManifestSegments.HlsAsync(http, master, Ct);
        Assert.Contains(groups, g => g.Name == "video" && g.Alternatives.Count == 3);
        Assert.Equal(2, groups.Count);
        var fetched = 0;
        foreach (var uri in groups.SelectMany(g => g.Inits.Concat(g.Alternatives.SelectMany(a => a))).Distinct())
        {
            using var response = await http.GetAsync(uri, Ct);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {uri}");
            fetched++;
        }

        Assert.True(fetched >= 3 * 2 + 2, $"only {fetched} URLs");
    }

    [Fact]
    public async Task AdaptiveStreamingOutput_PlaysToTheEndInHlsJs()
    {
        await using var region = await StartAsync();
        await AssetAsync(region, "in", await EncodingTestMedia.ClipAsync());
        await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.True(State(job) == "Finished", job.ToJsonString());
        var id = Guid.NewGuid();
        var (status, body) = await region.PutAsync("streamingLocators/loc", new { properties = new { assetName = "out", streamingPolicyName = "Predefined_ClearStreamingOnly", streamingLocatorId = id } });
        Assert.True(status == 201, body?.ToJsonString());

        var result = await PlayerHarness.PlayAsync(PlayerKind.Hls, new Uri(region.Server.Addresses.Streaming, $"{id:D}/clip.ism/manifest(format=m3u8-cmaf)"),
            new PlayerOptions { PlaybackRate = 4, Timeout = TimeSpan.FromSeconds(90), ExpectDuration = 4 });
        Assert.True(result.Ok, result.ToString());
        Assert.True(result.Ended, result.ToString());
        Assert.Empty(result.FailedRequests);
        Assert.InRange(result.Duration ?? 0, 3.9, 4.1);
    }

    [Theory]
    [InlineData("H264MultipleBitrateSD", "clip_852x480_1600.mp4,clip_852x480_1200.mp4,clip_640x360_1000.mp4,clip_640x360_650.mp4,clip_426x240_400.mp4,clip_AACAudio_128.mp4", "h264")]
    [InlineData("H264SingleBitrate720p", "clip_1280x720_4500.mp4,clip_AACAudio_128.mp4", "h264")]
    [InlineData("H265SingleBitrate720p", "clip_1280x720_1800.mp4,clip_AACAudio_128.mp4", "hevc")]
    [InlineData("H265AdaptiveStreaming", "clip_640x360_600.mp4,clip_426x240_300.mp4,clip_320x180_180.mp4,clip_AACAudio_128.mp4", "hevc")]
    [InlineData("AACGoodQualityAudio", "clip_AACAudio_192.mp4", null)]
    public async Task BuiltInPresetFamily_MakesItsRenditions(string preset, string files, string? codec)
    {
        await using var region = await StartAsync();
        await AssetAsync(region, "in", await EncodingTestMedia.ClipAsync());
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn(preset));
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
        var job = await WaitAsync(region, "t1", "j1", IsFinal, 180);
        Assert.True(State(job) == "Finished", job.ToJsonString());
        var media = files.Split(',');
        Assert.Equal([.. media, "clip.ism", "clip_manifest.json"], Files(region, container).OrderBy(f => Array.IndexOf(media, f) is var i && i < 0 ? int.MaxValue : i));
        foreach (var video in media.Where(f => !f.Contains("AACAudio", StringComparison.Ordinal)))
        {
            var path = await DownloadAsync(region, container, video);
            Assert.StartsWith(codec + ",", await StreamsAsync(path), StringComparison.Ordinal);
            Assert.Equal([0.0, 2.0], (await KeyframeTimesAsync(path)).Select(t => Math.Round(t, 2)));
            File.Delete(path);
        }

        var ism = Meridian.Media.Packaging.Ism.ServerManifestParser.Parse(
            await File.ReadAllBytesAsync(await DownloadAsync(region, container, "clip.ism"), Ct));
        Assert.Equal(media.Length, ism.Tracks.Count);
    }

    [Fact]
    public async Task CopyAllBitrateNonInterleaved_CopiesEachStreamToItsOwnMp4()
    {
        await using var region = await StartAsync();
        await AssetAsync(region, "in", await EncodingTestMedia.ClipAsync());
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("CopyAllBitrateNonInterleaved"));
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.True(State(job) == "Finished", job.ToJsonString());
        var files = Files(region, container);
        Assert.Equal(4, files.Count);
        Assert.Contains(files, f => f.StartsWith("clip_640x360_", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("clip_AACAudio_", StringComparison.Ordinal));
        Assert.Contains("clip.ism", files);
    }

    [Fact]
    public async Task StandardEncoderPreset_LayersFilenamePatternAndKeyFrameInterval_AndClip()
    {
        await using var region = await StartAsync();
        await AssetAsync(region, "in", await EncodingTestMedia.ClipAsync());
        var container = await AssetAsync(region, "out");
        var preset = new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Media.StandardEncoderPreset",
            ["codecs"] = new JsonArray(
                new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Media.H264Video",
                    ["keyFrameInterval"] = "PT1S",
                    ["layers"] = new JsonArray(
                        new JsonObject { ["width"] = "320", ["height"] = "180", ["bitrate"] = 400_000, ["profile"] = "Main" },
                        new JsonObject { ["width"] = "50%", ["height"] = "50%", ["bitrate"] = 200_000 }),
                },
                new JsonObject { ["@odata.type"] = "#Microsoft.Media.AacAudio", ["bitrate"] = 96_000, ["channels"] = 2 }),
            ["formats"] = new JsonArray(new JsonObject { ["@odata.type"] = "#Microsoft.Media.Mp4Format", ["filenamePattern"] = "{Basename}-{Label}-{Bitrate}{Extension}" }),
        };
        await TransformAsync(region, "t1", preset);
        var input = AssetInput("in");
        input["@odata.type"] = "#Microsoft.Media.JobInputAsset";
        input["start"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.AbsoluteClipTime", ["time"] = "PT1S" };
        input["end"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.AbsoluteClipTime", ["time"] = "PT3S" };
        await JobAsync(region, "t1", "j1", input, "out");
        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.True(State(job) == "Finished", job.ToJsonString());
        Assert.Equal("StandardEncoderPreset_0", (string)Output(job)["label"]!);
        Assert.Equal(["clip-AACAudio-96.mp4", "clip-Video-200.mp4", "clip-Video-400.mp4", "clip.ism", "clip_manifest.json"], Files(region, container));
        var path = await DownloadAsync(region, container, "clip-Video-400.mp4");
        Assert.Equal([0.0, 1.0], (await KeyframeTimesAsync(path)).Select(t => Math.Round(t, 2)));
        Assert.StartsWith("h264,video,320,180", await StreamsAsync(path), StringComparison.Ordinal);
    }
}
