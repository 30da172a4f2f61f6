using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Test media made by ffmpeg at test time, once per test run and shape (a process-wide cache), in the shapes dynamic
/// packaging must handle: B-frames, AAC priming edit lists, 44.1/48 kHz, irregular GOPs, H.265, two audio languages,
/// fragmented input and a GOP-aligned ladder with an AMS-encoder-style <c>.ism</c>. Clips are 4 s at small sizes.
/// </summary>
public static class TestMedia
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<MediaShape>>> Made = new(StringComparer.Ordinal);
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "meridian-testmedia-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Every shape's name.</summary>
    public static IReadOnlyList<string> Shapes { get; } = ["bframes", "aac44", "scenecuts", "hevc", "twolang", "fragmented", "ladder", "separate"];

    private static readonly string[] BitExact = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1"];
    private static readonly string[] Video = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25"];
    private static readonly string[] Audio48 = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"];
    private static readonly string[] Aac = ["-c:a", "aac", "-ac", "2", "-b:a", "64k"];
    private static readonly string[] X264Gop2s = ["-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-pix_fmt", "yuv420p"];

    static TestMedia() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    };

    public static Task<MediaShape> GetAsync(string shape) =>
        Made.GetOrAdd(shape, s => new Lazy<Task<MediaShape>>(() => MakeAsync(s))).Value;

    private static async Task<MediaShape> MakeAsync(string shape)
    {
        var dir = Path.Combine(Root, shape);
        Directory.CreateDirectory(dir);
        var stereo48 = new AudioExpectation(48000, 2, null);
        switch (shape)
        {
            case "bframes":
                await FfmpegAsync(dir, [.. Video, .. Audio48, "-t", "4", .. X264Gop2s, .. Aac, .. BitExact, "bframes.mp4"]);
                return new MediaShape(shape, dir, ["bframes.mp4"], "bframes", "bframes.mp4", "h264", 320, 180, [stereo48]);
            case "aac44":
                await FfmpegAsync(dir, [.. Video, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "4", .. X264Gop2s, .. Aac, .. BitExact,
                    "aac44.mp4"]);
                return new MediaShape(shape, dir, ["aac44.mp4"], "aac44", "aac44.mp4", "h264", 320, 180, [new AudioExpectation(44100, 2, null)]);
            case "scenecuts":
                // Key frames only at the scene cuts (1.32 s and 2.4 s): GOPs of 1.32, 1.08 and 1.6 s.
                await FfmpegAsync(dir, ["-f", "lavfi", "-i",
                    "testsrc2=size=320x180:rate=25:d=1.32,setsar=1[a];smptebars=size=320x180:rate=25:d=1.08,setsar=1[b];" +
                    "rgbtestsrc=size=320x180:rate=25:d=1.6,setsar=1[c];[a][b][c]concat=n=3:v=1:a=0",
                    .. Audio48, "-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "250", "-keyint_min", "1", "-sc_threshold", "40",
                    "-pix_fmt", "yuv420p", .. Aac, .. BitExact, "scenecuts.mp4"]);
                return new MediaShape(shape, dir, ["scenecuts.mp4"], "scenecuts", "scenecuts.mp4", "h264", 320, 180, [stereo48]);
            case "hevc":
                await FfmpegAsync(dir, [.. Video, .. Audio48, "-t", "4", "-c:v", "libx265", "-preset", "ultrafast",
                    "-x265-params", "log-level=error:keyint=50:min-keyint=50:scenecut=0:bframes=2:pools=1:frame-threads=1", "-tag:v", "hvc1",
                    "-pix_fmt", "yuv420p", .. Aac, .. BitExact, "hevc.mp4"]);
                return new MediaShape(shape, dir, ["hevc.mp4"], "hevc", "hevc.mp4", "hevc", 320, 180, [stereo48]);
            case "twolang":
                await FfmpegAsync(dir, [.. Video, .. Audio48, "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000", "-t", "4",
                    "-map", "0:v", "-map", "1:a", "-map", "2:a", .. X264Gop2s, .. Aac, .. BitExact,
                    "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=spa", "twolang.mp4"]);
                return new MediaShape(shape, dir, ["twolang.mp4"], "twolang", "twolang.mp4", "h264", 320, 180,
                    [stereo48 with { Language = "eng" }, stereo48 with { Language = "spa" }]);
            case "aac-eac3":
                // AAC stereo, then a louder-bitrate E-AC-3 5.1 track: the presentation lists the E-AC-3 one first.
                await FfmpegAsync(dir, [.. Video, .. Audio48, "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000", "-t", "4",
                    "-map", "0:v", "-map", "1:a", "-map", "2:a", .. X264Gop2s, "-c:a:0", "aac", "-b:a:0", "96k", "-c:a:1", "eac3", "-ac:a:1", "6",
                    "-b:a:1", "384k", .. BitExact, "aac-eac3.mp4"]);
                return new MediaShape(shape, dir, ["aac-eac3.mp4"], "aac-eac3", "aac-eac3.mp4", "h264", 320, 180,
                    [stereo48, new AudioExpectation(48000, 6, null)]);
            case "fragmented":
                await FfmpegAsync(dir, [.. Video, .. Audio48, "-t", "4", .. X264Gop2s, .. Aac, .. BitExact,
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", "fragmented.mp4"]);
                return new MediaShape(shape, dir, ["fragmented.mp4"], "fragmented", "fragmented.mp4", "h264", 320, 180, [stereo48]);
            case "ladder":
                return await MakeLadderAsync(dir, stereo48);
            case "separate":
                // One video-only and one audio-only MP4 per language, joined by a minimal hand-written .ism (no params).
                await FfmpegAsync(dir, [.. Video, "-t", "4", .. X264Gop2s, .. BitExact, "separate_video.mp4"]);
                await FfmpegAsync(dir, [.. Audio48, "-t", "4", .. Aac, .. BitExact, "-metadata:s:a:0", "language=eng", "separate_audio_eng.mp4"]);
                await FfmpegAsync(dir, ["-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000", "-t", "4", .. Aac, .. BitExact,
                    "-metadata:s:a:0", "language=spa", "separate_audio_spa.mp4"]);
                await File.WriteAllTextAsync(Path.Combine(dir, "separate.ism"), """
                    <?xml version="1.0" encoding="utf-8"?>
                    <smil xmlns="http://www.w3.org/2001/SMIL20/Language">
                      <head><meta name="formats" content="mp4" /></head>
                      <body><switch>
                        <video src="separate_video.mp4" />
                        <audio src="separate_audio_eng.mp4" title="English" />
                        <audio src="separate_audio_spa.mp4" title="Spanish" />
                      </switch></body>
                    </smil>
                    """);
                return new MediaShape(shape, dir, ["separate.ism", "separate_audio_eng.mp4", "separate_audio_spa.mp4", "separate_video.mp4"], "separate",
                    "separate_video.mp4", "h264", 320, 180, [stereo48 with { Language = "eng" }, stereo48 with { Language = "spa" }]);
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown media shape.");
        }
    }

    // The AMS encoder layout: {base}_{W}x{H}_AACAudio_{kbps}.mp4, each with video (track 1) and audio (track 2); the .ism
    // takes the audio from the smallest file and one video per rendition.
    private static async Task<MediaShape> MakeLadderAsync(string dir, AudioExpectation audio)
    {
        (string Size, int Kbps)[] rungs = [("320x180", 300), ("256x144", 200), ("192x108", 100)];
        var files = new List<string>();
        foreach (var (size, kbps) in rungs)
        {
            var file = $"ladder_{size}_AACAudio_{kbps}.mp4";
            await FfmpegAsync(dir, [.. Video, .. Audio48, "-t", "4", "-vf", "scale=" + size, .. X264Gop2s, "-b:v", $"{kbps}k", .. Aac, .. BitExact, file]);
            files.Add(file);
        }

        var ism = new StringBuilder()
            .AppendLine("""<?xml version="1.0" encoding="utf-8"?>""")
            .AppendLine("""<smil xmlns="http://www.w3.org/2001/SMIL20/Language">""")
            .AppendLine("""  <head><meta name="formats" content="mp4-v3" /></head>""")
            .AppendLine("  <body><switch>")
            .AppendLine($"""    <audio src="{files[^1]}" systemBitrate="64000" systemLanguage="eng">""")
            .AppendLine("""      <param name="systemBitrate" value="64000" valuetype="data" />""")
            .AppendLine("""      <param name="trackID" value="2" valuetype="data" />""")
            .AppendLine("""      <param name="trackName" value="aac_eng_2_64000_2_1" valuetype="data" />""")
            .AppendLine("""      <param name="systemLanguage" value="eng" valuetype="data" />""")
            .AppendLine("    </audio>");
        foreach (var ((_, kbps), file) in rungs.Zip(files))
        {
            var bitrate = (kbps * 1000).ToString(CultureInfo.InvariantCulture);
            ism.AppendLine($"""    <video src="{file}" systemBitrate="{bitrate}">""")
                .AppendLine($"""      <param name="systemBitrate" value="{bitrate}" valuetype="data" />""")
                .AppendLine("""      <param name="trackID" value="1" valuetype="data" />""")
                .AppendLine("""      <param name="trackName" value="video" valuetype="data" />""")
                .AppendLine("    </video>");
        }

        ism.AppendLine("  </switch></body>").AppendLine("</smil>");
        await File.WriteAllTextAsync(Path.Combine(dir, "ladder.ism"), ism.ToString());
        return new MediaShape("ladder", dir, [.. files, "ladder.ism"], "ladder", files[0], "h264", 320, 180, [audio with { Language = "eng" }]);
    }

    public static async Task FfmpegAsync(string dir, IEnumerable<string> arguments)
    {
        var (code, output) = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-y", "-threads", "1", .. arguments], dir, null, TimeSpan.FromMinutes(3));
        Assert.True(code == 0, "ffmpeg failed: " + output);
    }
}
