using System.Text.RegularExpressions;

namespace Meridian.Region.Storage;

/// <summary>Azure Storage naming rules, which keep every path inside the store.</summary>
public static partial class BlobNames
{
    /// <summary>Container names: 3-63 lower-case letters, digits and single inner hyphens.</summary>
    public static bool IsValidContainer(string? name) =>
        name is { Length: >= 3 and <= 63 } && ContainerPattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> for an invalid container name.</summary>
    public static void RequireContainer(string? name)
    {
        if (!IsValidContainer(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid container name: use 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ContainerPattern();
}
