using System.Diagnostics;
using Meridian.Media.Indexing;
using Meridian.Media.Packaging;
using Meridian.Media.Packaging.Ism;
using Meridian.Media.Sources;

namespace Meridian.Benchmarks.Infrastructure;

/// <summary>
/// Media files for the suites, made with ffmpeg once into a cache folder (<c>MERIDIAN_BENCH_CACHE</c>, default
/// <c>{temp}/meridian-bench-cache</c>) and reused by every benchmark process. Long files are a short encoded clip
/// repeated with <c>-stream_loop</c> and stream copy: the sample tables are as large as a real feature's, the encode
/// takes seconds instead of minutes.
/// </summary>
public static class BenchMedia
{
    /// <summary>Renditions of the manifest ladder: file name and picture size (bitrates are the server manifest's).</summary>
    private static readonly (string File, string Size)[] Ladder =
    [
        ("ladder_1280x720_3000.mp4", "1280x720"),
        ("ladder_854x480_1500.mp4", "854x480"),
        ("ladder_640x360_800.mp4", "640x360"),
    ];

    public static string CacheDirectory { get; } =
        Environment.GetEnvironmentVariable("MERIDIAN_BENCH_CACHE") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "meridian-bench-cache");

    /// <summary>Two hours of 1080p25 H.264 (2 s GOP, 180,000 samples) and 48 kHz mono AAC (~337,000 samples), moov first.</summary>
    public static string TwoHourFile() => Cached("feature-2h-1080p.mp4", output =>
    {
        var clip = Cached("feature-clip-10s-1080p.mp4", clipOutput => Ffmpeg(
            "-f", "lavfi", "-i", "color=c=gray:size=1920x1080:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-crf", "51",
            "-c:a", "aac", "-b:a", "32k", "-ac", "1", clipOutput));
        Ffmpeg("-stream_loop", "719", "-i", clip, "-c", "copy", "-movflags", "+faststart", output);
    });

    /// <summary>Ten seconds of busy 1080p25 H.264 (~5 Mb/s, B-frames, 2 s GOP) with 128 kb/s stereo AAC.</summary>
    public static string SegmentClip() => Cached("clip-10s-1080p-5M.mp4", output => Ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", "10", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "5M", "-maxrate", "5M", "-bufsize", "10M", "-bf", "2",
        "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-c:a", "aac", "-b:a", "128k", "-ac", "2", output));

    /// <summary>
    /// A 3-rendition GOP-aligned ladder (720p/480p/360p, English AAC in each file) of <paramref name="minutes"/> minutes
    /// with an AMS-style server manifest, as a presentation ready for <see cref="SegmentPlanner.Plan"/>.
    /// </summary>
    public static async Task<Presentation> LadderAsync(int minutes)
    {
        var files = new List<string>();
        foreach (var (file, size) in Ladder)
        {
            // Manifests depend on the sample tables, not the pictures: a flat picture keeps the 2-hour files small.
            var clip = Cached($"clip-10s-{file}", output => Ffmpeg(
                "-f", "lavfi", "-i", $"color=c=gray:size={size}:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "51", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-metadata:s:a:0", "language=eng", output));
            var name = $"{minutes}min-{file}";
            Cached(name, output => Ffmpeg("-stream_loop", (minutes * 6 - 1).ToString(), "-i", clip, "-c", "copy", "-movflags", "+faststart", output));
            files.Add(name);
        }

        var manifest = ServerManifestParser.Parse(Ism(files));
        return await PresentationBuilder.BuildAsync(files, LoadAsync, manifest);
    }

    public static async ValueTask<MediaIndex> LoadAsync(string file, CancellationToken cancellationToken)
    {
        using var source = FileRandomAccessSource.Open(Path.Combine(CacheDirectory, file));
        return await MediaIndexReader.ReadAsync(source, cancellationToken: cancellationToken);
    }

    private static string Ism(IReadOnlyList<string> files)
    {
        var rates = new[] { 3000000, 1500000, 800000 };
        var videos = string.Concat(files.Select((f, i) => $"""
                  <video src="{f}" systemBitrate="{rates[i]}">
                    <param name="systemBitrate" value="{rates[i]}" valuetype="data" />
                    <param name="trackID" value="1" valuetype="data" />
                    <param name="trackName" value="video" valuetype="data" />
                  </video>

            """));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <smil xmlns="http://www.w3.org/2001/SMIL20/Language">
              <head><meta name="formats" content="mp4-v3" /></head>
              <body>
                <switch>
            {videos}      <audio src="{files[^1]}" systemBitrate="128000" systemLanguage="eng">
                    <param name="systemBitrate" value="128000" valuetype="data" />
                    <param name="trackID" value="2" valuetype="data" />
                    <param name="trackName" value="aac_eng_2_128000_2_1" valuetype="data" />
                    <param name="systemLanguage" value="eng" valuetype="data" />
                  </audio>
                </switch>
              </body>
            </smil>
            """;
    }

    /// <summary>The cached file's path, generating it first (into a temporary name, then renamed) if it is missing.</summary>
    private static string Cached(string name, Action<string> generate)
    {
        Directory.CreateDirectory(CacheDirectory);
        var path = Path.Combine(CacheDirectory, name);
        if (!File.Exists(path))
        {
            var temporary = Path.Combine(CacheDirectory, $"tmp-{Environment.ProcessId}-{name}");
            generate(temporary);
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }

    private static void Ffmpeg(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-v", "error", "-y", "-nostdin", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} failed ({process.ExitCode}): {errors}");
        }
    }
}
