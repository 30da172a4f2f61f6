using System.Globalization;

namespace Meridian.Region.Streaming;

/// <summary>
/// Parses the AMS dynamic-packaging URL forms:
/// <c>/{locatorId}/{name}.ism/manifest[(args)][.m3u8|.mpd]</c>,
/// <c>/{locatorId}/{name}.ism/QualityLevels({bitrate})/Manifest({track},args)</c>,
/// <c>/{locatorId}/{name}.ism/QualityLevels({bitrate})/Fragments({track}={time|i}[,args])</c> and
/// <c>/{locatorId}/{file}</c>. Arguments are comma-separated <c>key=value</c> pairs; keys are case-insensitive.
/// </summary>
public static class StreamingUrlParser
{
    private const int MaxPathLength = 2048;

    /// <summary>Parses a raw (still percent-encoded) request path. Throws <see cref="OriginException"/> (400) on bad syntax.</summary>
    public static StreamingRequest Parse(string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        if (rawPath.Length > MaxPathLength)
        {
            throw OriginException.BadUrl("The URL is too long.");
        }

        var segments = rawPath.TrimStart('/').Split('/');
        if (segments.Length < 2 || segments.Any(s => s.Length == 0))
        {
            throw OriginException.BadUrl("Expected /{locatorId}/{name}.ism/... or /{locatorId}/{file}.");
        }

        var decoded = segments.Select(Decode).ToArray();
        if (!Guid.TryParseExact(decoded[0], "D", out var locatorId))
        {
            throw OriginException.BadUrl($"'{decoded[0]}' is not a streaming locator id.");
        }

        var ismIndex = Array.FindIndex(decoded, 1, s => s.EndsWith(".ism", StringComparison.OrdinalIgnoreCase));
        // "/{locatorId}/{name}.ism" alone is a download of the server manifest, which the endpoint refuses with 404.
        if (ismIndex < 0 || (ismIndex == 1 && decoded.Length == 2))
        {
            if (decoded.Length != 2)
            {
                throw OriginException.BadUrl("A download path is /{locatorId}/{file}.");
            }

            return new StreamingRequest { LocatorId = locatorId, Kind = StreamingResourceKind.Download, FileName = decoded[1] };
        }

        if (ismIndex != 1)
        {
            throw OriginException.BadUrl("The server manifest must follow the locator id.");
        }

        var manifestName = decoded[1][..^4];
        if (manifestName.Length == 0)
        {
            throw OriginException.BadUrl("The server manifest has no name.");
        }

        var rest = decoded[2..];
        return rest.Length switch
        {
            1 => ParseManifest(locatorId, manifestName, rest[0]),
            2 => ParseTrackResource(locatorId, manifestName, rest[0], rest[1]),
            _ => throw OriginException.BadUrl("Expected manifest(...), QualityLevels(b)/Manifest(...) or QualityLevels(b)/Fragments(...)."),
        };
    }

    private static StreamingRequest ParseManifest(Guid locatorId, string manifestName, string segment)
    {
        var text = StripExtension(segment);
        var (name, args) = SplitCall(text);
        if (!name.Equals("manifest", StringComparison.OrdinalIgnoreCase))
        {
            throw OriginException.BadUrl($"Expected 'manifest', not '{name}'.");
        }

        var request = new StreamingRequest { LocatorId = locatorId, Kind = StreamingResourceKind.Manifest, ManifestName = manifestName };
        return ApplyArguments(request, args ?? "", allowTrack: false, out _);
    }

    private static StreamingRequest ParseTrackResource(Guid locatorId, string manifestName, string qualityLevels, string resource)
    {
        var (ql, bitrateText) = SplitCall(qualityLevels);
        if (!ql.Equals("QualityLevels", StringComparison.OrdinalIgnoreCase) || bitrateText is null ||
            !long.TryParse(bitrateText, NumberStyles.None, CultureInfo.InvariantCulture, out var bitrate))
        {
            throw OriginException.BadUrl($"Expected QualityLevels(bitrate), not '{qualityLevels}'.");
        }

        var (name, args) = SplitCall(StripExtension(resource));
        if (args is null)
        {
            throw OriginException.BadUrl($"'{resource}' has no arguments.");
        }

        if (name.Equals("Manifest", StringComparison.OrdinalIgnoreCase))
        {
            var request = new StreamingRequest
            {
                LocatorId = locatorId,
                Kind = StreamingResourceKind.TrackManifest,
                ManifestName = manifestName,
                Bitrate = bitrate,
            };
            request = ApplyArguments(request, args, allowTrack: true, out var track);
            if (track is null)
            {
                throw OriginException.BadUrl("Manifest(...) must name a track.");
            }

            return request with { TrackName = track };
        }

        if (name.Equals("Fragments", StringComparison.OrdinalIgnoreCase))
        {
            var request = new StreamingRequest
            {
                LocatorId = locatorId,
                Kind = StreamingResourceKind.Fragment,
                ManifestName = manifestName,
                Bitrate = bitrate,
            };
            return ApplyArguments(request, args, allowTrack: false, out _);
        }

        throw OriginException.BadUrl($"Expected Manifest(...) or Fragments(...), not '{name}'.");
    }

    private static StreamingRequest ApplyArguments(StreamingRequest request, string args, bool allowTrack, out string? track)
    {
        track = null;
        if (args.Length == 0 && request.Kind != StreamingResourceKind.Fragment)
        {
            return request;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var first = true;
        foreach (var part in args.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                if (first && allowTrack && part.Length > 0)
                {
                    track = part;
                    first = false;
                    continue;
                }

                throw OriginException.BadUrl($"'{part}' is not key=value.");
            }

            var key = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (!seen.Add(key))
            {
                throw OriginException.BadUrl($"'{key}' appears twice.");
            }

            if (first && request.Kind == StreamingResourceKind.Fragment)
            {
                // Fragments(track=time|i,...): the first pair names the track and the fragment.
                first = false;
                if (value.Equals("i", StringComparison.OrdinalIgnoreCase))
                {
                    request = request with { TrackName = key, Init = true };
                }
                else if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var time))
                {
                    request = request with { TrackName = key, Time = time };
                }
                else
                {
                    throw OriginException.BadUrl($"'{value}' is not a fragment time.");
                }

                continue;
            }

            first = false;
            request = key.ToLowerInvariant() switch
            {
                "format" => request with { Format = ParseFormat(value) },
                "encryption" => request with { Encryption = ParseEncryption(value) },
                "audio-only" => request with { AudioOnly = ParseBool(key, value) },
                "filter" => request with { Filters = ParseFilters(value) },
                "type" when value.Equals("keyframes", StringComparison.OrdinalIgnoreCase) => request with { Keyframes = true },
                "segment-duration" => request with { SegmentDurationSeconds = ParseDuration(value) },
                _ => throw OriginException.BadUrl($"Unknown argument '{key}={value}'."),
            };
        }

        if (request.Kind == StreamingResourceKind.Fragment && request.TrackName is null)
        {
            throw OriginException.BadUrl("Fragments(...) must start with track=time or track=i.");
        }

        return request;
    }

    private static StreamingFormat ParseFormat(string value) => value.ToLowerInvariant() switch
    {
        "m3u8-aapl" => StreamingFormat.HlsTs,
        "m3u8-aapl-v3" => StreamingFormat.HlsTsV3,
        "m3u8-cmaf" => StreamingFormat.HlsCmaf,
        "mpd-time-csf" => StreamingFormat.DashCsf,
        "mpd-time-cmaf" => StreamingFormat.DashCmaf,
        "fmp4-v20" => StreamingFormat.SmoothV20,
        "f4m-f4f" => throw new OriginException(415, "MPE_FORMAT_NOT_SUPPORTED", "HDS (f4m-f4f) was retired with Media Services v2."),
        _ => throw new OriginException(415, "MPE_FORMAT_NOT_SUPPORTED", $"The format '{value}' is not supported."),
    };

    private static string ParseEncryption(string value) => value.ToLowerInvariant() switch
    {
        "cbc" or "cenc" or "cbcs-aapl" or "cbcs" => value.ToLowerInvariant(),
        _ => throw new OriginException(415, "MPE_ENC_ENCRYPTION_NOT_SUPPORTED", $"The encryption '{value}' is not supported."),
    };

    private static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw OriginException.BadUrl($"'{key}' must be true or false."),
    };

    private static List<string> ParseFilters(string value)
    {
        var filters = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (filters.Count is 0 or > 3)
        {
            throw new OriginException(400, "MPE_FILTER_COMPOSITION_FILTER_COUNT_OVER_LIMIT", "A URL names one to three filters.");
        }

        return filters;
    }

    private static double ParseDuration(string value)
    {
        // double.TryParse takes "NaN" and "Infinity" whatever the styles say.
        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) ||
            !double.IsFinite(seconds) || seconds is < 1 or > 60)
        {
            throw OriginException.BadUrl("segment-duration is in seconds, from 1 to 60.");
        }

        // To the millisecond: 2, 2.0 and 2.0000001 are one presentation, not three.
        return Math.Round(seconds, 3, MidpointRounding.AwayFromZero);
    }

    private static string StripExtension(string segment)
    {
        foreach (var extension in (string[])[".m3u8", ".mpd", ".ismc"])
        {
            if (segment.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && segment.Length > extension.Length)
            {
                return segment[..^extension.Length];
            }
        }

        return segment;
    }

    private static (string Name, string? Arguments) SplitCall(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (text, null);
        }

        if (!text.EndsWith(')') || text.IndexOf('(', open + 1) >= 0 || text.IndexOf(')', open) != text.Length - 1)
        {
            throw OriginException.BadUrl($"'{text}' has unbalanced parentheses.");
        }

        return (text[..open], text[(open + 1)..^1]);
    }

    private static string Decode(string segment)
    {
        for (var i = segment.IndexOf('%', StringComparison.Ordinal); i >= 0; i = segment.IndexOf('%', i + 1))
        {
            if (i + 2 >= segment.Length || !char.IsAsciiHexDigit(segment[i + 1]) || !char.IsAsciiHexDigit(segment[i + 2]))
            {
                throw OriginException.BadUrl("The URL has a bad percent-encoding.");
            }
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            throw OriginException.BadUrl("The URL has a bad percent-encoding.");
        }

        if (decoded is "." or ".." || decoded.Contains('/', StringComparison.Ordinal) || decoded.Contains('\\', StringComparison.Ordinal) ||
            decoded.Any(char.IsControl))
        {
            throw OriginException.BadUrl("The URL has a '.', '..', slash, backslash or control character in a segment.");
        }

        return decoded;
    }
}
