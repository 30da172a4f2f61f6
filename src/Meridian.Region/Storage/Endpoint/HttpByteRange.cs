using System.Globalization;

namespace Meridian.Region.Storage.Endpoint;

/// <summary>A single byte range of a <c>Range</c> or <c>x-ms-range</c> header: <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>.</summary>
internal readonly record struct HttpByteRange(long? First, long? Last)
{
    /// <summary>Parses one range; false for anything else (several ranges, other units, malformed numbers).</summary>
    public static bool TryParse(string? header, out HttpByteRange range)
    {
        range = default;
        if (header is null || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var spec = header.AsSpan(6).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0 || spec.Contains(','))
        {
            return false;
        }

        var firstText = spec[..dash].Trim();
        var lastText = spec[(dash + 1)..].Trim();
        long? first = null;
        long? last = null;
        if (!firstText.IsEmpty)
        {
            if (!long.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var f))
            {
                return false;
            }

            first = f;
        }

        if (!lastText.IsEmpty)
        {
            if (!long.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            {
                return false;
            }

            last = l;
        }

        if ((first is null && last is null) || (first is { } a && last is { } b && b < a))
        {
            return false;
        }

        range = new HttpByteRange(first, last);
        return true;
    }

    /// <summary>The offset and count within a blob of <paramref name="length"/> bytes; false if unsatisfiable.</summary>
    public bool TryResolve(long length, out long offset, out long count)
    {
        offset = 0;
        count = 0;
        if (First is { } first)
        {
            if (first >= length)
            {
                return false;
            }

            offset = first;
            count = Math.Min(Last ?? long.MaxValue, length - 1) - first + 1;
            return true;
        }

        // Suffix range: the last N bytes.
        var suffix = Last!.Value;
        if (suffix == 0 || length == 0)
        {
            return false;
        }

        offset = Math.Max(0, length - suffix);
        count = length - offset;
        return true;
    }
}
