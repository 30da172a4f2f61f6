namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>Finds running <c>meridian region serve</c> processes by their data directory, from <c>/proc</c>.</summary>
public static class RegionProcesses
{
    /// <summary>Ids of the region processes whose <c>--data</c> lies under <paramref name="dataDirectory"/>.</summary>
    public static IReadOnlyList<int> Find(string dataDirectory)
    {
        var root = Path.GetFullPath(dataDirectory).TrimEnd('/') + "/";
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

            var serve = Array.IndexOf(arguments, "serve");
            var data = Array.IndexOf(arguments, "--data");
            if (serve > 0 && arguments[serve - 1] == "region" && data >= 0 && data + 1 < arguments.Length &&
                arguments[data + 1].StartsWith(root, StringComparison.Ordinal))
            {
                found.Add(pid);
            }
        }

        return found;
    }
}
