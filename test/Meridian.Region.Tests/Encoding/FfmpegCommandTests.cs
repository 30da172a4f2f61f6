using Meridian.Region.ControlPlane.Transforms;
using Meridian.Region.Encoder;

namespace Meridian.Region.Tests.Encoder;

/// <summary>The scaling graph of the single-decode command: each layer from the smallest layer at least twice its size.</summary>
public sealed class FfmpegCommandTests
{
    private static readonly SourceInfo _hd = new()
    {
        HasVideo = true, Width = 1920, Height = 1080, FrameRate = 25, VideoBitrate = 8_000_000, HasAudio = true, AudioChannels = 2, DurationSeconds = 60,
    };

    [Fact]
    public void AdaptiveLadder_ScalesSmallLayersFromLargerLayers()
    {
        var plan = PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = EncoderNamedPreset.AdaptiveStreaming }, _hd, "clip");
        var videos = plan.Renditions.Where(r => r.IsVideo).ToList();
        Assert.Equal(["1920x1080", "1280x720", "960x540", "640x360", "426x240", "320x180"], videos.Select(v => $"{v.Width}x{v.Height}"));

        Assert.Equal(
            "[0:v:0]split=2[i0][i1]" +
            ";[i0]scale=1920:1080,setsar=1,format=yuv420p,split=2[v0][i2]" +
            ";[i1]scale=1280:720,setsar=1,format=yuv420p,split=2[v1][i3]" +
            ";[i2]scale=960:540,setsar=1,format=yuv420p,split=2[v2][i4]" +
            ";[i3]scale=640:360,setsar=1,format=yuv420p,split=2[v3][i5]" +
            ";[i4]scale=426:240,setsar=1,format=yuv420p[v4]" +
            ";[i5]scale=320:180,setsar=1,format=yuv420p[v5]",
            FfmpegCommand.ScalingGraph(videos));
    }

    [Fact]
    public void LayersOfTheSameSize_ShareOneScaler()
    {
        var plan = PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = EncoderNamedPreset.H264MultipleBitrate1080p }, _hd, "m");
        var graph = FfmpegCommand.ScalingGraph([.. plan.Renditions.Where(r => r.IsVideo)]);

        Assert.Equal(5, graph.Split("scale=").Length - 1);
        Assert.Equal(3, graph.Split("null").Length - 1);
        for (var i = 0; i < 8; i++)
        {
            Assert.Contains($"[v{i}]", graph, StringComparison.Ordinal);
            Assert.Equal(2, graph.Split($"[i{i}]").Length - 1);
        }
    }
}
