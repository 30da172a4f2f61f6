using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Lists the segments an origin manifest announces, the way a player expands it: HLS master and media playlists,
/// DASH <c>SegmentTemplate</c> with <c>SegmentTimeline</c> (<c>$Bandwidth$</c>, <c>$RepresentationID$</c>, <c>$Time$</c>),
/// Smooth <c>StreamIndex</c> <c>Url</c> templates with <c>c</c> chunks (<c>r</c> counted as dash.js does: the number of
/// chunks in the run).
/// </summary>
public static class ManifestSegments
{
    public static async Task<IReadOnlyList<SegmentGroup>> HlsAsync(HttpClient http, Uri master, CancellationToken ct)
    {
        var text = await http.GetStringAsync(master, ct);
        var renditions = new List<(string Group, Uri Uri)>();
        var variants = new List<Uri>();
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal) && UriAttribute(lines[i]) is { } media)
            {
                renditions.Add((Attribute(lines[i], "NAME") ?? "", new Uri(master, media)));
            }
            else if (lines[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            {
                variants.Add(new Uri(master, lines[++i]));
            }
        }

        var groups = new List<SegmentGroup>();
        var videoAlternatives = new List<IReadOnlyList<Uri>>();
        var videoInits = new List<Uri>();
        foreach (var variant in variants.Distinct().Where(v => renditions.TrueForAll(r => r.Uri != v)))
        {
            var (segments, init) = await HlsMediaAsync(http, variant, ct);
            videoAlternatives.Add(segments);
            videoInits.AddRange(init is null ? [] : [init]);
        }

        if (videoAlternatives.Count > 0)
        {
            groups.Add(new SegmentGroup("video", videoAlternatives, videoInits));
        }

        foreach (var (name, uri) in renditions.DistinctBy(r => r.Uri))
        {
            var (segments, init) = await HlsMediaAsync(http, uri, ct);
            groups.Add(new SegmentGroup(name, [segments], init is null ? [] : [init]));
        }

        return groups;
    }

    /// <summary>Segment URLs and the <c>EXT-X-MAP</c> URL of one media playlist.</summary>
    public static async Task<(IReadOnlyList<Uri> Segments, Uri? Init)> HlsMediaAsync(HttpClient http, Uri playlist, CancellationToken ct)
    {
        var text = await http.GetStringAsync(playlist, ct);
        Uri? init = null;
        var segments = new List<Uri>();
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal))
            {
                init = new Uri(playlist, UriAttribute(line)!);
            }
            else if (!line.StartsWith('#'))
            {
                segments.Add(new Uri(playlist, line));
            }
        }

        return (segments, init);
    }

    public static async Task<IReadOnlyList<SegmentGroup>> DashAsync(HttpClient http, Uri mpd, CancellationToken ct)
    {
        var document = XDocument.Parse(await http.GetStringAsync(mpd, ct));
        XNamespace ns = "urn:mpeg:dash:schema:mpd:2011";
        var groups = new List<SegmentGroup>();
        foreach (var set in document.Descendants(ns + "AdaptationSet"))
        {
            var alternatives = new List<IReadOnlyList<Uri>>();
            var inits = new List<Uri>();
            foreach (var representation in set.Elements(ns + "Representation"))
            {
                var template = representation.Element(ns + "SegmentTemplate") ?? set.Element(ns + "SegmentTemplate")
                    ?? throw new InvalidOperationException("no SegmentTemplate");
                string Expand(string pattern, long? time) => pattern
                    .Replace("$Bandwidth$", (string)representation.Attribute("bandwidth")!, StringComparison.Ordinal)
                    .Replace("$RepresentationID$", (string)representation.Attribute("id")!, StringComparison.Ordinal)
                    .Replace("$Time$", time?.ToString(CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal);
                var media = (string)template.Attribute("media")!;
                inits.Add(new Uri(mpd, Expand((string)template.Attribute("initialization")!, null)));
                var times = Timeline(template.Element(ns + "SegmentTimeline")!.Elements(ns + "S"), dashRepeat: true);
                alternatives.Add([.. times.Select(t => new Uri(mpd, Expand(media, t)))]);
            }

            groups.Add(new SegmentGroup((string?)set.Attribute("contentType") ?? "?", alternatives, inits));
        }

        return groups;
    }

    public static async Task<IReadOnlyList<SegmentGroup>> SmoothAsync(HttpClient http, Uri manifest, CancellationToken ct)
    {
        var document = XDocument.Parse(await http.GetStringAsync(manifest, ct));
        var groups = new List<SegmentGroup>();
        foreach (var index in document.Root!.Elements("StreamIndex"))
        {
            var url = (string)index.Attribute("Url")!;
            var times = Timeline(index.Elements("c"), dashRepeat: false);
            var alternatives = new List<IReadOnlyList<Uri>>();
            foreach (var level in index.Elements("QualityLevel"))
            {
                var bitrate = (string)level.Attribute("Bitrate")!;
                alternatives.Add([.. times.Select(t => new Uri(manifest, url
                    .Replace("{bitrate}", bitrate, StringComparison.OrdinalIgnoreCase)
                    .Replace("{Bitrate}", bitrate, StringComparison.Ordinal)
                    .Replace("{start time}", t.ToString(CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase)
                    .Replace("{start_time}", t.ToString(CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase)))]);
            }

            groups.Add(new SegmentGroup((string)index.Attribute("Type")!, alternatives, []));
        }

        return groups;
    }

    /// <summary>
    /// Start times of a DASH <c>S</c> or Smooth <c>c</c> list. DASH <c>r</c> is the number of extra repeats; Smooth
    /// <c>r</c> is the number of chunks in the run.
    /// </summary>
    public static IReadOnlyList<long> Timeline(IEnumerable<XElement> entries, bool dashRepeat)
    {
        var times = new List<long>();
        long next = 0;
        foreach (var e in entries)
        {
            var start = (long?)e.Attribute("t") ?? next;
            var duration = (long)e.Attribute("d")!;
            var r = (long?)e.Attribute("r") ?? (dashRepeat ? 0 : 1);
            var count = dashRepeat ? r + 1 : Math.Max(1, r);
            for (var k = 0; k < count; k++)
            {
                times.Add(start + (k * duration));
            }

            next = start + (count * duration);
        }

        return times;
    }

    private static string? UriAttribute(string line) => Attribute(line, "URI");

    private static string? Attribute(string line, string name)
    {
        var match = Regex.Match(line, "[:,]" + name + "=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }
}
