using System.Globalization;
using System.Text.Json;
using Meridian.Media.Packaging;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Filters;

namespace Meridian.Region.Streaming;

/// <summary>
/// The track part of dynamic manifest filters: within one filter, <c>tracks[]</c> entries are ORed and the conditions of an
/// entry ANDed; a track must pass every filter applied (the locator's and the URL's). <see cref="Key"/> names the selection
/// for caches.
/// </summary>
public sealed class TrackFilter
{
    private readonly IReadOnlyList<MediaFilterProperties> _filters;

    private TrackFilter(IReadOnlyList<MediaFilterProperties> filters, string key)
    {
        _filters = filters;
        Key = key;
    }

    public string Key { get; }

    /// <summary>A filter for these filter definitions, or null when none selects tracks.</summary>
    public static TrackFilter? Create(IReadOnlyList<MediaFilterProperties> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var selecting = filters.Where(f => f.Tracks is { Count: > 0 }).ToList();
        if (selecting.Count == 0)
        {
            return null;
        }

        // Filters are ANDed, so their order selects nothing: "a;b" and "b;a" share one key (and one cached selection).
        var key = "[" + string.Join(",", selecting.Select(f => JsonSerializer.Serialize(f.Tracks, ArmJson.Options)).Order(StringComparer.Ordinal)) + "]";
        return new TrackFilter(selecting, key);
    }

    public bool Keep(PresentationTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return _filters.All(f => f.Tracks!.Any(selection => (selection.TrackSelections ?? []).All(c => Matches(track, c))));
    }

    private static bool Matches(PresentationTrack track, FilterTrackPropertyCondition condition)
    {
        var value = condition.Value ?? "";
        var equal = condition.Property switch
        {
            FilterTrackPropertyType.Type => string.Equals(value, track.Kind.ToString(), StringComparison.OrdinalIgnoreCase),
            FilterTrackPropertyType.Name => string.Equals(value, track.Name, StringComparison.OrdinalIgnoreCase),
            FilterTrackPropertyType.Language => LanguageMatches(value, track),
            FilterTrackPropertyType.FourCC => track.CodecString.StartsWith(value, StringComparison.OrdinalIgnoreCase),
            FilterTrackPropertyType.Bitrate => BitrateMatches(value, track.Bitrate),
            _ => true,
        };
        return condition.Operation == FilterTrackPropertyCompareOperation.NotEqual ? !equal : equal;
    }

    // RFC 5646 tags against the track's ISO 639-2 code: "en", "en-US" and "eng" all match an English track.
    private static bool LanguageMatches(string wanted, PresentationTrack track)
    {
        var primary = wanted.Split('-')[0];
        return string.Equals(primary, track.Language, StringComparison.OrdinalIgnoreCase) ||
            (track.LanguageTag is { } tag && string.Equals(primary, tag.Split('-')[0], StringComparison.OrdinalIgnoreCase));
    }

    private static bool BitrateMatches(string range, long bitrate)
    {
        var parts = range.Split('-', 2);
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low))
        {
            return false;
        }

        var high = low;
        if (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out high))
        {
            return false;
        }

        return bitrate >= low && bitrate <= high;
    }
}
