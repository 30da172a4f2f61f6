using System.Text.RegularExpressions;

namespace Meridian.Region.Hosting;

internal static partial class RegionNames
{
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex Pattern();
}
