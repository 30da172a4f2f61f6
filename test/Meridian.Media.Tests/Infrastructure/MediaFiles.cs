using System.Collections.Concurrent;

[assembly: AssemblyFixture(typeof(Meridian.Media.Tests.Infrastructure.MediaFiles))]

namespace Meridian.Media.Tests.Infrastructure;

/// <summary>
/// Generates the test media with ffmpeg once per test run, lazily per file, in a per-run temp folder.
/// </summary>
public sealed class MediaFiles : IDisposable
{
    private readonly ConcurrentDictionary<TestMedia, Lazy<Task<string>>> _files = new();

    public MediaFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "meridian-media-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public Task<string> GetAsync(TestMedia media) =>
        _files.GetOrAdd(media, m => new Lazy<Task<string>>(() => GenerateAsync(m))).Value;

    public async Task<byte[]> ReadAllBytesAsync(TestMedia media) => await File.ReadAllBytesAsync(await GetAsync(media));

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

    private async Task<string> GenerateAsync(TestMedia media)
    {
        var path = Path.Combine(Directory, media + ".mp4");
        string[] common = ["-v", "error", "-y", "-nostdin"];
        string[] args = media switch
        {
            TestMedia.H264Aac48 =>
            [
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "4", "-c:v", "libx264", "-bf", "2", "-g", "50", "-c:a", "aac", "-fflags", "+bitexact", path,
            ],
            TestMedia.H264Aac48Fragmented =>
            [
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "4", "-c:v", "libx264", "-bf", "2", "-g", "50", "-c:a", "aac", "-fflags", "+bitexact",
                "-movflags", "frag_keyframe+empty_moov+default_base_moof", path,
            ],
            TestMedia.Aac44 =>
            [
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-ac", "2", "-t", "3", "-c:a", "aac",
                "-fflags", "+bitexact", path,
            ],
            TestMedia.Hevc =>
            [
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "2", "-c:v", "libx265", "-preset", "ultrafast",
                "-x265-params", "log-level=error:keyint=25", "-tag:v", "hvc1", "-fflags", "+bitexact", path,
            ],
            TestMedia.SmallFaststart =>
            [
                "-f", "lavfi", "-i", "testsrc2=size=64x36:rate=10", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000",
                "-t", "1", "-c:v", "libx264", "-bf", "2", "-g", "5", "-c:a", "aac", "-b:a", "16k", "-fflags", "+bitexact",
                "-movflags", "+faststart", path,
            ],
            TestMedia.SmallFragmented =>
            [
                "-f", "lavfi", "-i", "testsrc2=size=64x36:rate=10", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000",
                "-t", "1", "-c:v", "libx264", "-bf", "2", "-g", "5", "-c:a", "aac", "-b:a", "16k", "-fflags", "+bitexact",
                "-movflags", "frag_keyframe+empty_moov+default_base_moof", path,
            ],
            TestMedia.DelayedAudio =>
            [
                "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-itsoffset", "0.5", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "3", "-c:v", "libx264", "-bf", "0", "-g", "25", "-c:a", "aac", "-fflags", "+bitexact", path,
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(media)),
        };
        await ProcessRunner.RunAsync("ffmpeg", [.. common, .. args], TimeSpan.FromMinutes(3));
        return path;
    }
}
