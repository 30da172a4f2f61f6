using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Media made by ffmpeg at test time and published through one real region with a running streaming endpoint:
/// <list type="bullet">
/// <item><c>clip</c>: one 6 s MP4, 320x180 H.264 High with B-frames (2 s closed GOPs) and stereo AAC-LC; ffmpeg writes an
/// edit list on both tracks (B-frame delay, AAC priming).</item>
/// <item><c>ladder</c>: the AMS encoder layout, three GOP-aligned renditions (<c>clip_640x360_800.mp4</c>,
/// <c>clip_480x270_500.mp4</c>, <c>clip_320x180_300.mp4</c>) carrying the same AAC track, and <c>ladder.ism</c> naming
/// them with <c>trackName</c> <c>video</c> and <c>aac_eng_2_128000_2_1</c>.</item>
/// </list>
/// </summary>
public sealed class OriginMediaFixture : IAsyncLifetime
{
    /// <summary>The length of every clip in seconds (150 frames at 25 fps).</summary>
    public const double DurationSeconds = 6;

    public static readonly (string File, int Width, int Height, int Kbps)[] Ladder =
    [
        ("clip_640x360_800.mp4", 640, 360, 800),
        ("clip_480x270_500.mp4", 480, 270, 500),
        ("clip_320x180_300.mp4", 320, 180, 300),
    ];

    private static readonly TimeSpan _ffmpegTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] _videoCodec =
    [
        "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", "-bf", "3", "-g", "50", "-keyint_min", "50",
        "-sc_threshold", "0", "-x264-params", "open-gop=0",
    ];

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("meridian-origin-players-").FullName;

    public TestRegion Region { get; private set; } = null!;

    /// <summary>The locator base URL of the single-file asset (holds <c>clip.mp4</c>).</summary>
    public Uri Clip { get; private set; } = null!;

    /// <summary>The locator base URL of the ladder asset (holds <c>ladder.ism</c> and the renditions).</summary>
    public Uri LadderBase { get; private set; } = null!;

    /// <summary>A manifest URL of the single clip, e.g. <c>ClipManifest("format=m3u8-cmaf")</c>; no argument for Smooth.</summary>
    public Uri ClipManifest(string? arguments = null) => Manifest(Clip, "clip", arguments);

    public Uri LadderManifest(string? arguments = null) => Manifest(LadderBase, "ladder", arguments);

    private static Uri Manifest(Uri locator, string name, string? arguments) =>
        new(locator, arguments is null ? $"{name}.ism/manifest" : $"{name}.ism/manifest({arguments})");

    public async ValueTask InitializeAsync()
    {
        await FfmpegAsync([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "6", .. _videoCodec, "-b:v", "300k", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "clip.mp4"]);

        await FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000", "-t", "6", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "audio.m4a");
        foreach (var (file, width, height, kbps) in Ladder)
        {
            await FfmpegAsync([
                "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=25", "-i", "audio.m4a", "-t", "6", "-map", "0:v", "-map", "1:a",
                .. _videoCodec, "-b:v", $"{kbps}k", "-maxrate", $"{kbps * 3 / 2}k", "-bufsize", $"{kbps * 2}k", "-c:a", "copy", file]);
        }

        await File.WriteAllTextAsync(Path.Combine(Directory, "ladder.ism"), ServerManifest());

        Region = await StreamingTestSetup.StartRegionAsync();
        Clip = await StreamingTestSetup.PublishAsync(Region, "clip", [Path.Combine(Directory, "clip.mp4")]);
        LadderBase = await StreamingTestSetup.PublishAsync(
            Region, "ladder", [Path.Combine(Directory, "ladder.ism"), .. Ladder.Select(r => Path.Combine(Directory, r.File))]);
    }

    // The AMS encoder's .ism shape (ams-v3.md section 3): one audio entry, one video entry per rendition.
    private static string ServerManifest()
    {
        var text = new System.Text.StringBuilder(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <smil xmlns="http://www.w3.org/2001/SMIL20/Language">
              <head>
                <meta name="formats" content="mp4-v3" />
              </head>
              <body>
                <switch>
                  <audio src="clip_640x360_800.mp4" systemBitrate="128000" systemLanguage="eng">
                    <param name="systemBitrate" value="128000" valuetype="data" />
                    <param name="trackID" value="2" valuetype="data" />
                    <param name="trackName" value="aac_eng_2_128000_2_1" valuetype="data" />
                    <param name="systemLanguage" value="eng" valuetype="data" />
                  </audio>

            """);
        foreach (var (file, _, _, kbps) in Ladder)
        {
            var bitrate = kbps * 1000;
            text.Append(
                $"""
                      <video src="{file}" systemBitrate="{bitrate}">
                        <param name="systemBitrate" value="{bitrate}" valuetype="data" />
                        <param name="trackID" value="1" valuetype="data" />
                        <param name="trackName" value="video" valuetype="data" />
                      </video>

                """);
        }

        text.Append(
            """
                </switch>
              </body>
            </smil>

            """);
        return text.ToString();
    }

    private async Task FfmpegAsync(params string[] arguments)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync(
            "ffmpeg", ["-v", "error", "-nostdin", "-y", "-threads", "1", .. arguments], Directory, null, _ffmpegTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed ({exitCode}):\n{output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Region is not null)
        {
            await Region.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }
}
