using Meridian.Media.Indexing;
using Meridian.Media.Packaging;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(Meridian.Media.Tests.Packaging.PackagingAssets))]

namespace Meridian.Media.Tests.Packaging;

/// <summary>
/// Deterministic (bit-exact) ffmpeg assets for the packaging tests, generated once per run: an AMS-like 3-rendition
/// GOP-aligned ladder with English audio in every file plus a Spanish audio file, and an irregular-GOP file (scene cuts,
/// B-frames, 44.1 kHz audio with priming).
/// </summary>
public sealed class PackagingAssets : IDisposable
{
    public const string Ism = """
        <?xml version="1.0" encoding="utf-8"?>
        <smil xmlns="http://www.w3.org/2001/SMIL20/Language">
          <head>
            <meta name="clientManifestRelativePath" content="ladder.ismc" />
            <meta name="formats" content="mp4-v3" />
          </head>
          <body>
            <switch>
              <video src="ladder_640x360_AACAudio_1028.mp4" systemBitrate="900000">
                <param name="systemBitrate" value="900000" valuetype="data" />
                <param name="trackID" value="1" valuetype="data" />
                <param name="trackName" value="video" valuetype="data" />
              </video>
              <video src="ladder_480x270_AACAudio_628.mp4" systemBitrate="500000">
                <param name="systemBitrate" value="500000" valuetype="data" />
                <param name="trackID" value="1" valuetype="data" />
                <param name="trackName" value="video" valuetype="data" />
              </video>
              <video src="ladder_320x180_AACAudio_378.mp4" systemBitrate="250000">
                <param name="systemBitrate" value="250000" valuetype="data" />
                <param name="trackID" value="1" valuetype="data" />
                <param name="trackName" value="video" valuetype="data" />
              </video>
              <audio src="ladder_320x180_AACAudio_378.mp4" systemBitrate="128000" systemLanguage="eng">
                <param name="systemBitrate" value="128000" valuetype="data" />
                <param name="trackID" value="2" valuetype="data" />
                <param name="trackName" value="aac_eng_2_128000_2_1" valuetype="data" />
                <param name="systemLanguage" value="eng" valuetype="data" />
              </audio>
              <audio src="ladder_audio_spa.mp4" systemBitrate="96000" systemLanguage="spa">
                <param name="systemBitrate" value="96000" valuetype="data" />
                <param name="trackID" value="1" valuetype="data" />
                <param name="trackName" value="aac_spa_2_96000_1_1" valuetype="data" />
                <param name="systemLanguage" value="spa" valuetype="data" />
                <param name="accessibility" value="description" valuetype="data" />
                <param name="role" value="alternate" valuetype="data" />
              </audio>
            </switch>
          </body>
        </smil>
        """;

    public static readonly string[] LadderFiles =
        ["ladder_640x360_AACAudio_1028.mp4", "ladder_480x270_AACAudio_628.mp4", "ladder_320x180_AACAudio_378.mp4", "ladder_audio_spa.mp4"];

    public const string IrregularFile = "irregular.mp4";

    private static readonly string[] BitExact = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"];

    private readonly Lazy<Task> _ladder;
    private readonly Lazy<Task> _irregular;

    public PackagingAssets()
    {
        Directory = Path.Combine(Path.GetTempPath(), "meridian-packaging-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        _ladder = new(GenerateLadderAsync);
        _irregular = new(GenerateIrregularAsync);
    }

    public string Directory { get; }

    public async Task<Presentation> LadderAsync(bool withIsm = true, IEnumerable<string>? extraFiles = null)
    {
        await _ladder.Value;
        var files = LadderFiles.ToList();
        if (extraFiles is not null)
        {
            await _irregular.Value;
            files.AddRange(extraFiles);
        }

        var manifest = withIsm ? Meridian.Media.Packaging.Ism.ServerManifestParser.Parse(Ism) : null;
        return await PresentationBuilder.BuildAsync(files, LoadAsync, manifest, TestContext.Current.CancellationToken);
    }

    public async Task<Presentation> IrregularAsync()
    {
        await _irregular.Value;
        return await PresentationBuilder.BuildAsync([IrregularFile], LoadAsync, null, TestContext.Current.CancellationToken);
    }

    public async ValueTask<MediaIndex> LoadAsync(string file, CancellationToken cancellationToken)
    {
        using var source = FileRandomAccessSource.Open(Path.Combine(Directory, file));
        return await MediaIndexReader.ReadAsync(source, cancellationToken: cancellationToken);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task GenerateLadderAsync()
    {
        List<string> args = ["-v", "error", "-y", "-nostdin", "-threads", "1",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-filter_complex", "[0:v]split=3[a][b][c];[b]scale=480:270[b2];[c]scale=320:180[c2]"];
        (string Map, string Rate, string File)[] renditions = [("[a]", "900k", LadderFiles[0]), ("[b2]", "500k", LadderFiles[1]), ("[c2]", "250k", LadderFiles[2])];
        foreach (var (map, rate, file) in renditions)
        {
            args.AddRange(["-map", map, "-map", "1:a", "-t", "6", "-c:v", "libx264", "-preset", "veryfast", "-b:v", rate, "-bf", "2",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-c:a", "aac", "-b:a", "128k", "-ac", "2",
                "-metadata:s:a:0", "language=eng", .. BitExact, Path.Combine(Directory, file)]);
        }

        await ProcessRunner.RunAsync("ffmpeg", args, TimeSpan.FromMinutes(3));
        await ProcessRunner.RunAsync("ffmpeg",
            ["-v", "error", "-y", "-nostdin", "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=44100", "-t", "6", "-c:a", "aac",
            "-b:a", "96k", "-ac", "2", "-metadata:s:a:0", "language=spa", .. BitExact, Path.Combine(Directory, LadderFiles[3])],
            TimeSpan.FromMinutes(2));
    }

    private async Task GenerateIrregularAsync()
    {
        const string Graph = "testsrc2=size=320x180:rate=25:d=1.32[s0];smptebars=size=320x180:rate=25:d=1.72[s1];"
            + "mandelbrot=size=320x180:rate=25[s2m];[s2m]trim=duration=2[s2];rgbtestsrc=size=320x180:rate=25:d=0.96[s3];"
            + "testsrc=size=320x180:rate=25:d=1.8[s4];[s0][s1][s2][s3][s4]concat=n=5:v=1:a=0[v];sine=frequency=300:sample_rate=44100:d=7.8[aud]";
        await ProcessRunner.RunAsync("ffmpeg",
            ["-v", "error", "-y", "-nostdin", "-threads", "1", "-filter_complex", Graph, "-map", "[v]", "-map", "[aud]", "-c:v", "libx264",
            "-preset", "veryfast", "-bf", "2", "-g", "50", "-keyint_min", "10", "-sc_threshold", "40", "-c:a", "aac", "-b:a", "96k", "-ac", "2",
            "-metadata:s:a:0", "language=spa", .. BitExact, Path.Combine(Directory, IrregularFile)],
            TimeSpan.FromMinutes(3));
    }
}
