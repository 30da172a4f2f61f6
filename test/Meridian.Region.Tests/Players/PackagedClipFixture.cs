using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Players;

/// <summary>
/// A 6 s clip (320x180 H.264 with 2 s GOPs, AAC) made by ffmpeg and packaged by ffmpeg itself into HLS fMP4, HLS TS,
/// AES-128 HLS TS (key under /keys/, served only with <see cref="KeyAuthorization"/>) and DASH, served from a
/// <see cref="LoopbackStaticServer"/>. Also a broken HLS playlist naming a segment that does not exist.
/// </summary>
public sealed class PackagedClipFixture : IAsyncLifetime
{
    public const double DurationSeconds = 6;

    public const string KeyAuthorization = "Bearer clip-key-token";

    private static readonly TimeSpan _ffmpegTimeout = TimeSpan.FromMinutes(2);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "meridian-players-" + Guid.NewGuid().ToString("N"));

    public LoopbackStaticServer Server { get; private set; } = null!;

    public Uri HlsFmp4 => Server.Url("hls-fmp4/index.m3u8");

    public Uri HlsTs => Server.Url("hls-ts/index.m3u8");

    public Uri HlsAes => Server.Url("hls-aes/index.m3u8");

    public Uri HlsMissingSegment => Server.Url("hls-fmp4/missing-segment.m3u8");

    public Uri Dash => Server.Url("dash/manifest.mpd");

    /// <summary>File names (relative to the served root, with forward slashes) in a packaged folder.</summary>
    public IReadOnlyList<string> Files(string folder, string pattern) =>
        [.. System.IO.Directory.GetFiles(Path.Combine(Directory, folder), pattern).Select(f => folder + "/" + Path.GetFileName(f)).Order()];

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var folder in new[] { "hls-fmp4", "hls-ts", "hls-aes", "dash", "keys" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, folder));
        }

        await FfmpegAsync(
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-t", "6",
            "-c:v", "libx264", "-g", "50", "-c:a", "aac", "source.mp4");
        await FfmpegAsync(
            "-i", "source.mp4", "-c", "copy", "-f", "hls", "-hls_time", "2", "-hls_segment_type", "fmp4",
            "-hls_playlist_type", "vod", "hls-fmp4/index.m3u8");
        await FfmpegAsync("-i", "source.mp4", "-c", "copy", "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "hls-ts/index.m3u8");

        await File.WriteAllBytesAsync(Path.Combine(Directory, "keys", "clip.key"), Convert.FromHexString("00112233445566778899aabbccddeeff"));
        await File.WriteAllTextAsync(
            Path.Combine(Directory, "hls-aes", "keyinfo"),
            "../keys/clip.key\n" + Path.Combine(Directory, "keys", "clip.key") + "\n000102030405060708090a0b0c0d0e0f\n");
        await FfmpegAsync(
            "-i", "source.mp4", "-c", "copy", "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
            "-hls_key_info_file", "hls-aes/keyinfo", "hls-aes/index.m3u8");
        await FfmpegAsync("-i", "source.mp4", "-c", "copy", "-f", "dash", "-seg_duration", "2", "dash/manifest.mpd");

        var playlist = await File.ReadAllTextAsync(Path.Combine(Directory, "hls-fmp4", "index.m3u8"));
        if (!playlist.Contains("index1.m4s", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("ffmpeg's HLS fMP4 playlist has no index1.m4s:\n" + playlist);
        }

        await File.WriteAllTextAsync(
            Path.Combine(Directory, "hls-fmp4", "missing-segment.m3u8"), playlist.Replace("index1.m4s", "missing1.m4s", StringComparison.Ordinal));

        Server = await LoopbackStaticServer.StartAsync(
            Directory,
            context => !context.Request.Path.StartsWithSegments("/keys", StringComparison.Ordinal)
                || context.Request.Headers.Authorization == KeyAuthorization);
    }

    private async Task FfmpegAsync(params string[] arguments)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync(
            "ffmpeg", ["-v", "error", "-nostdin", "-y", .. arguments], Directory, null, _ffmpegTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed ({exitCode}):\n{output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
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
