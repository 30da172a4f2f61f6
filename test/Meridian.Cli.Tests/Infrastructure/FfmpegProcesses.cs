namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>Finds running ffmpeg processes whose command line names a path under a directory, from <c>/proc</c>.</summary>
public static class FfmpegProcesses
{
    /// <summary>Ids of the ffmpeg processes with an argument under <paramref name="directory"/>.</summary>
    public static IReadOnlyList<int> Under(string directory)
    {
        var root = Path.GetFullPath(directory).TrimEnd('/') + "/";
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (arguments.Length > 0 && Path.GetFileName(arguments[0]) == "ffmpeg" && arguments.Any(a => a.StartsWith(root, StringComparison.Ordinal)))
            {
                found.Add(pid);
            }
        }

        return found;
    }
}
