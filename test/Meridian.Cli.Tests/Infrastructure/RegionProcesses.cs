namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>Finds running <c>meridian region serve</c> processes by their data directory.</summary>
public static class RegionProcesses
{
    /// <summary>Ids of the region processes whose <c>--data</c> lies under <paramref name="dataDirectory"/>.</summary>
    public static IReadOnlyList<int> Find(string dataDirectory)
    {
        var root = ProcFs.Prefix(dataDirectory);
        return [.. ProcFs.CommandLines()
            .Where(p => IsRegionUnder(p.Arguments, root))
            .Select(p => p.Pid)];
    }

    private static bool IsRegionUnder(string[] arguments, string root)
    {
        var serve = Array.IndexOf(arguments, "serve");
        var data = Array.IndexOf(arguments, "--data");
        return serve > 0 && arguments[serve - 1] == "region" && data >= 0 && data + 1 < arguments.Length &&
            arguments[data + 1].StartsWith(root, StringComparison.Ordinal);
    }
}
