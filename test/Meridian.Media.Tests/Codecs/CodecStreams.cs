using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Codecs;

/// <summary>Encodes 2 s of <c>testsrc2</c> at 416x240 with ffmpeg for the slice header tests.</summary>
public static class CodecStreams
{
    private const string Source = "testsrc2=size=416x240:rate=25";

    public static async Task<string> EncodeAsync(string directory, string file, string encoder, string encoderArgs)
    {
        var path = Path.Combine(directory, file);
        string[] args =
        [
            "-v", "error", "-y", "-nostdin", "-f", "lavfi", "-i", Source, "-t", "2", "-c:v", encoder,
            .. encoderArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries), "-fflags", "+bitexact", path,
        ];
        await ProcessRunner.RunAsync("ffmpeg", args, TimeSpan.FromMinutes(3));
        return path;
    }

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "meridian-slicehdr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
