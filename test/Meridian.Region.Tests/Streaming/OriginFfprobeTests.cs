using System.Globalization;
using System.Text.Json.Nodes;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// ffprobe and ffmpeg read every packaged format of every media shape straight from the origin: the right streams, a
/// duration within a frame of the source, and decoded video frames identical to decoding the source.
/// </summary>
public sealed class OriginFfprobeTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var shape in TestMedia.Shapes)
        {
            foreach (var format in (string[])["m3u8-cmaf", "m3u8-aapl", "m3u8-aapl-v3", "mpd-time-csf", "mpd-time-cmaf"])
            {
                data.Add(shape, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Ffmpeg_ReadsThePackagedStream_LikeTheSource(string shapeName, string format)
    {
        var shape = await TestMedia.GetAsync(shapeName);
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, shape.Name, shape.Paths);
        var url = new Uri(baseUrl, $"{shape.ManifestName}.ism/manifest(format={format})").AbsoluteUri;

        var source = await Ffmpeg.ProbeAsync(shape.VideoSourcePath);
        var sourceVideo = Ffmpeg.Streams(source, "video").Single();
        var frame = 1 / FrameRate(sourceVideo);
        var probe = await Ffmpeg.ProbeAsync(url);

        var videos = Ffmpeg.Streams(probe, "video").ToList();
        Assert.NotEmpty(videos);
        Assert.All(videos, v => Assert.Equal(shape.VideoCodec, (string?)v["codec_name"]));
        var main = videos.FirstOrDefault(v => (int?)v["width"] == shape.Width && (int?)v["height"] == shape.Height);
        Assert.True(main is not null, $"No {shape.Width}x{shape.Height} video in {probe}");

        var audios = Ffmpeg.Streams(probe, "audio").ToList();
        // HLS v3 muxes only the default audio into the video segments, and TS carries no language for it.
        var expectedAudio = format == "m3u8-aapl-v3" ? [shape.Audio[0] with { Language = null }] : shape.Audio;
        foreach (var expected in expectedAudio)
        {
            Assert.Contains(audios, a => (string?)a["codec_name"] == "aac" && (string?)a["sample_rate"] == expected.SampleRate.ToString(CultureInfo.InvariantCulture) &&
                (int?)a["channels"] == expected.Channels && (expected.Language is null || (string?)a["tags"]?["language"] is { } l && Ffmpeg.ShortLanguage(l) == Ffmpeg.ShortLanguage(expected.Language)));
        }

        var duration = Ffmpeg.Seconds(probe["format"]!["duration"]);
        var sourceDuration = Ffmpeg.Seconds(sourceVideo["duration"]);
        Assert.True(Math.Abs(duration - sourceDuration) <= frame + 1e-6, $"{url}: duration {duration} s, source video {sourceDuration} s");

        // A/V sync: the packaged audio-video start offset is the source's, less at most the AAC priming (one frame of 1024
        // samples), which the origin presents at negative time instead of cutting it with an edit list.
        double? sourceAudioStart = null;
        foreach (var file in shape.Paths.Where(p => p.EndsWith(".mp4", StringComparison.Ordinal)))
        {
            sourceAudioStart ??= Ffmpeg.Streams(await Ffmpeg.ProbeAsync(file), "audio").Select(a => (double?)Ffmpeg.Seconds(a["start_time"])).FirstOrDefault();
        }

        var sourceOffset = sourceAudioStart!.Value - Ffmpeg.Seconds(sourceVideo["start_time"]);
        var offset = Ffmpeg.Seconds(audios[0]["start_time"]) - Ffmpeg.Seconds(main["start_time"]);
        var priming = 1024.0 / shape.Audio[0].SampleRate;
        Assert.True(offset >= sourceOffset - priming - 0.001 && offset <= sourceOffset + 0.001,
            $"{url}: audio starts {offset:F6} s after video; the source {sourceOffset:F6} s.");

        var expectedHashes = await Ffmpeg.FrameHashesAsync(shape.VideoSourcePath, "0:v:0");
        var hashes = await Ffmpeg.FrameHashesAsync(url, "0:" + (int)main["index"]!);
        Assert.Equal(expectedHashes.Count, hashes.Count);
        Assert.Equal(expectedHashes, hashes);
    }

    private static double FrameRate(JsonNode stream)
    {
        var parts = ((string)stream["avg_frame_rate"]!).Split('/');
        return double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
    }
}
