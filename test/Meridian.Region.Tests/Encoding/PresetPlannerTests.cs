using Meridian.Region.ControlPlane.Transforms;
using Meridian.Region.Encoder;

namespace Meridian.Region.Tests.Encoder;

/// <summary>Ladder choice without running ffmpeg: the large presets, and the adaptive ladder's no-upscale rule.</summary>
public sealed class PresetPlannerTests
{
    private static readonly SourceInfo _hd = new()
    {
        HasVideo = true, Width = 1920, Height = 1080, FrameRate = 30, VideoBitrate = 8_000_000, HasAudio = true, AudioChannels = 2, DurationSeconds = 10,
    };

    [Fact]
    public void H264MultipleBitrate1080p_IsEightLayersFrom6000To400_PlusAudio()
    {
        var plan = PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = EncoderNamedPreset.H264MultipleBitrate1080p }, _hd, "movie");
        Assert.Equal(
            ["movie_1920x1080_6000.mp4", "movie_1920x1080_4700.mp4", "movie_1280x720_3400.mp4", "movie_960x540_2250.mp4", "movie_960x540_1500.mp4",
             "movie_640x360_1000.mp4", "movie_640x360_650.mp4", "movie_320x180_400.mp4", "movie_AACAudio_128.mp4"],
            plan.Renditions.Select(r => r.FileName));
        Assert.Equal(TimeSpan.FromSeconds(2), plan.KeyFrameInterval);
    }

    [Fact]
    public void H264MultipleBitrate720p_IsSixLayers()
    {
        var plan = PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = EncoderNamedPreset.H264MultipleBitrate720p }, _hd, "m");
        Assert.Equal(6, plan.Renditions.Count(r => r.IsVideo));
        Assert.Equal(3_400_000, plan.Renditions[0].Bitrate);
    }

    [Fact]
    public void H265SingleBitrate4K_IsOneH265Layer()
    {
        var plan = PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = EncoderNamedPreset.H265SingleBitrate4K }, _hd, "m");
        var video = Assert.Single(plan.Renditions, r => r.IsVideo);
        Assert.Equal(("h265", 3840, 2160), (video.Codec, video.Width, video.Height));
    }

    [Fact]
    public void AdaptiveStreaming_NeverUpscales_AndCapsAtTheSourceBitrate()
    {
        var source = _hd with { Width = 1280, Height = 720, VideoBitrate = 2_000_000 };
        var plan = PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = EncoderNamedPreset.AdaptiveStreaming }, source, "m");
        var videos = plan.Renditions.Where(r => r.IsVideo).ToList();
        Assert.Equal(720, videos[0].Height);
        Assert.All(videos, v => Assert.True(v.Height <= 720 && v.Bitrate <= 2_000_000, v.FileName));
        Assert.Equal([720, 540, 360, 240, 180], videos.Select(v => v.Height));
    }

    [Fact]
    public void AudioOnlySource_GivesAudioOnly_AndNoStreamsIsContentUnsupported()
    {
        var audioOnly = new SourceInfo { HasAudio = true, AudioChannels = 2, DurationSeconds = 3 };
        var plan = PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = EncoderNamedPreset.AdaptiveStreaming }, audioOnly, "a");
        Assert.Equal(["a_AACAudio_128.mp4"], plan.Renditions.Select(r => r.FileName));

        var failure = Assert.Throws<EncodingFailure>(() =>
            PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = EncoderNamedPreset.AACGoodQualityAudio }, _hd with { HasAudio = false }, "v"));
        Assert.Equal("ContentUnsupported", failure.Error.Code);
        Assert.Equal("DoNotRetry", failure.Error.Retry);
    }

    [Fact]
    public void Command_DecodesOnce_AndSplitsToEveryLayer_WithFixedClosedGops()
    {
        var plan = PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = EncoderNamedPreset.H264MultipleBitrate720p }, _hd, "m");
        var args = FfmpegCommand.Build(plan, _hd, "/in.mp4", "/out", null, null, new EncodingOptions());
        Assert.Single(args, a => a == "-i");
        var graph = Assert.Single(args, a => a.StartsWith("[0:v:0]split=", StringComparison.Ordinal));
        Assert.Single(graph.Split("[0:v:0]"), part => part.Length > 0);
        Assert.All(Enumerable.Range(0, 6), i => Assert.Contains($"[v{i}]", graph, StringComparison.Ordinal));
        Assert.Equal(6, args.Count(a => a.StartsWith("keyint=60:min-keyint=60:scenecut=0:open-gop=0", StringComparison.Ordinal)));
        Assert.Contains("pipe:1", args);
        Assert.Contains("-nostats", args);
    }

    [Fact]
    public void FilenamePattern_ExpandsItsMacros_AndANameOutsideTheDirectoryIsConfigurationUnsupported()
    {
        static StandardEncoderPreset Preset(string pattern, string? label) => new()
        {
            Codecs =
            [
                new H264Video { Layers = [new VideoLayer { Width = "640", Height = "360", Bitrate = 900_000, Label = label }] },
                new AacAudio { Bitrate = 96_000 },
            ],
            Formats = [new Mp4Format { FilenamePattern = pattern }],
        };

        var plan = PresetPlanner.Plan(Preset("{Basename}-{Label}-{Codec}-{Resolution}-{Bitrate}{Extension}", "SD"), _hd, "movie");
        Assert.Equal(["movie-SD-h264-640x360-900.mp4", "movie-AACAudio-AAC--96.mp4"], plan.Renditions.Select(r => r.FileName));

        // A transform stored before its pattern was validated must still not write outside the job's directory.
        foreach (var (pattern, label) in new[] { ("../input", "SD"), ("/tmp/x", "SD"), ("{Label}", "../../blobs/c/x") })
        {
            var failure = Assert.Throws<EncodingFailure>(() => PresetPlanner.Plan(Preset(pattern, label), _hd, "movie"));
            Assert.Equal("ConfigurationUnsupported", failure.Error.Code);
        }
    }
}
