using System.Globalization;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Encoder;

/// <summary>Source clips made once per test run by ffmpeg: small, so that encoding them keeps CI fast.</summary>
public static class EncodingTestMedia
{
    private static readonly string _directory = Path.Combine(Path.GetTempPath(), "meridian-encoding-media-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    private static readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>4 s, 640x360 at 25 fps, H.264 at 2 Mbit/s, stereo AAC.</summary>
    public static Task<string> ClipAsync() => MakeAsync("clip.mp4", 4, "640x360", "2000k");

    /// <summary>10 s, 160x90: long enough to cancel or restart mid-encode when ffmpeg reads in real time.</summary>
    public static Task<string> LongClipAsync() => MakeAsync("long.mp4", 10, "160x90", "300k");

    /// <summary>2 s, 320x180, video only.</summary>
    public static Task<string> VideoOnlyAsync() => MakeAsync("silent.mp4", 2, "320x180", "500k", audio: false);

    /// <summary>A text file with an .mp4 name.</summary>
    public static async Task<string> NotMediaAsync()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "notmedia.mp4");
        await File.WriteAllTextAsync(path, "this is not a video\n" + new string('x', 4096));
        return path;
    }

    private static async Task<string> MakeAsync(string name, int seconds, string size, string bitrate, bool audio = true)
    {
        await _lock.WaitAsync();
        try
        {
            Directory.CreateDirectory(_directory);
            var path = Path.Combine(_directory, name);
            if (File.Exists(path))
            {
                return path;
            }

            var duration = seconds.ToString(CultureInfo.InvariantCulture);
            List<string> arguments =
            [
                "-v", "error", "-nostdin", "-y", "-threads", "1",
                "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=25:duration={duration}",
            ];
            if (audio)
            {
                arguments.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={duration}", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-shortest"]);
            }

            arguments.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-b:v", bitrate, "-pix_fmt", "yuv420p", path + ".tmp.mp4"]);
            var (exit, output) = await ProcessRunner.RunAsync("ffmpeg", arguments, _directory, null, TimeSpan.FromMinutes(2));
            if (exit != 0)
            {
                throw new InvalidOperationException($"ffmpeg failed: {output}");
            }

            File.Move(path + ".tmp.mp4", path);
            return path;
        }
        finally
        {
            _lock.Release();
        }
    }
}
