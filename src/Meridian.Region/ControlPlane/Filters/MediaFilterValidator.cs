using System.Globalization;
using System.Text.RegularExpressions;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.Filters;

/// <summary>The rules a filter meets before it is stored; every refusal is a 400 whose target is the JSON path.</summary>
public static partial class MediaFilterValidator
{
    private static readonly string[] TrackTypes = ["video", "audio", "text"];

    /// <summary>Validates the properties and returns them with defaults filled (timescale, forceEndTimestamp).</summary>
    public static MediaFilterProperties Validate(MediaFilterProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var range = properties.PresentationTimeRange;
        if (range is not null)
        {
            const string At = "properties.presentationTimeRange";
            NotNegative(range.StartTimestamp, $"{At}.startTimestamp");
            NotNegative(range.EndTimestamp, $"{At}.endTimestamp");
            NotNegative(range.PresentationWindowDuration, $"{At}.presentationWindowDuration");
            NotNegative(range.LiveBackoffDuration, $"{At}.liveBackoffDuration");
            if (range.Timescale is <= 0)
            {
                throw Bad($"'timescale' is {range.Timescale}; it counts units per second and must be positive.", $"{At}.timescale");
            }

            if (range is { StartTimestamp: { } start, EndTimestamp: { } end } && start >= end)
            {
                throw Bad($"'startTimestamp' ({start}) must be less than 'endTimestamp' ({end}).", $"{At}.startTimestamp");
            }

            range = range with
            {
                Timescale = range.Timescale ?? PresentationTimeRange.DefaultTimescale,
                ForceEndTimestamp = range.ForceEndTimestamp ?? false,
            };
        }

        if (properties.FirstQuality is { } first && first.Bitrate is not > 0)
        {
            throw Bad("'firstQuality.bitrate' is required and must be a positive number of bits per second.", "properties.firstQuality.bitrate");
        }

        var tracks = properties.Tracks ?? [];
        for (var i = 0; i < tracks.Count; i++)
        {
            var at = $"properties.tracks[{i}]";
            var selection = tracks[i] ?? throw Bad($"'{at}' cannot be null.", at);
            if (selection.TrackSelections is not { Count: > 0 } conditions)
            {
                throw Bad($"'{at}.trackSelections' needs at least one condition.", $"{at}.trackSelections");
            }

            for (var j = 0; j < conditions.Count; j++)
            {
                Condition(conditions[j] ?? throw Bad($"'{at}.trackSelections[{j}]' cannot be null.", $"{at}.trackSelections[{j}]"),
                    $"{at}.trackSelections[{j}]");
            }
        }

        return properties with { PresentationTimeRange = range };
    }

    private static void Condition(FilterTrackPropertyCondition condition, string at)
    {
        var property = condition.Property ?? throw Bad($"'{at}.property' is required.", $"{at}.property");
        if (condition.Operation is null)
        {
            throw Bad($"'{at}.operation' is required: Equal or NotEqual.", $"{at}.operation");
        }

        var value = condition.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Bad($"'{at}.value' is required.", $"{at}.value");
        }

        var target = $"{at}.value";
        switch (property)
        {
            case FilterTrackPropertyType.Unknown:
                throw Bad("'property' must be Type, Name, Language, FourCC or Bitrate.", $"{at}.property");
            case FilterTrackPropertyType.Type when !TrackTypes.Contains(value, StringComparer.OrdinalIgnoreCase):
                throw Bad($"A Type condition's value is video, audio or text, not '{value}'.", target);
            case FilterTrackPropertyType.Bitrate:
                Bitrate(value, target);
                break;
            case FilterTrackPropertyType.FourCC when value.Length != 4 || value.Any(c => c is < ' ' or > '~'):
                throw Bad($"A FourCC condition's value is four characters such as avc1, hev1, mp4a or ec-3, not '{value}'.", target);
            case FilterTrackPropertyType.Language when !LanguagePattern().IsMatch(value):
                throw Bad($"A Language condition's value is an RFC 5646 language tag such as en or en-US, not '{value}'.", target);
            case FilterTrackPropertyType.Name when value.Length > 256 || value.Any(char.IsControl):
                throw Bad("A Name condition's value is a track name of at most 256 characters.", target);
            default:
                break;
        }
    }

    private static void Bitrate(string value, string target)
    {
        var match = BitratePattern().Match(value);
        if (!match.Success ||
            !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var low) ||
            (match.Groups[2].Success && (!long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var high) || high < low)))
        {
            throw Bad($"A Bitrate condition's value is bits per second ('128000') or an ascending range ('0-2427000'), not '{value}'.", target);
        }
    }

    private static void NotNegative(long? value, string target)
    {
        if (value is < 0)
        {
            throw Bad($"'{target}' cannot be negative.", target);
        }
    }

    private static ArmException Bad(string message, string target) => ArmException.BadRequest(message, target);

    [GeneratedRegex(@"^(\d{1,18})(?:-(\d{1,18}))?$")]
    private static partial Regex BitratePattern();

    // RFC 5646 in practice: a 2-3 letter (or 4-8 letter registered) language, then subtags of 1-8 letters or digits.
    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguagePattern();
}
