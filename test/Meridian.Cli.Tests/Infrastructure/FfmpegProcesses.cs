namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>Finds running ffmpeg processes whose command line names a path under a directory.</summary>
public static class FfmpegProcesses
{
    /// <summary>Ids of the ffmpeg processes with an argument under <paramref name="directory"/>.</summary>
    public static IReadOnlyList<int> Under(string directory)
    {
        var root = ProcFs.Prefix(directory);
        return [.. ProcFs.CommandLines()
            .Where(p => p.Arguments.Length > 0 && Path.GetFileName(p.Arguments[0]) == "ffmpeg" &&
                p.Arguments.Any(a => a.StartsWith(root, StringComparison.Ordinal)))
            .Select(p => p.Pid)];
    }
}
