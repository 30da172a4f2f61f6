using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Fetches every URL of a stream the way players walk it: HLS master → media playlists → init and segments, the MPD →
/// init and every <c>$Time$</c> of each SegmentTimeline, the Smooth manifest → every fragment. Keys are the URLs relative
/// to the locator's base URL, so crawls of two regions compare directly.
/// </summary>
public static partial class OriginCrawler
{
    public static readonly string[] HlsFormats = ["m3u8-cmaf", "m3u8-aapl", "m3u8-aapl-v3"];
    public static readonly string[] DashFormats = ["mpd-time-csf", "mpd-time-cmaf"];
    public static readonly string[] SmoothFormats = ["", "(format=fmp4-v20)"];

    public static async Task<SortedDictionary<string, Fetched>> CrawlAsync(HttpClient http, Uri locatorBase, string manifestName)
    {
        var crawl = new Crawl(http, locatorBase);
        var ism = new Uri(locatorBase, Uri.EscapeDataString(manifestName) + ".ism/");
        foreach (var format in HlsFormats)
        {
            await crawl.HlsAsync(new Uri(ism, $"manifest(format={format})"));
        }

        foreach (var format in DashFormats)
        {
            await crawl.DashAsync(new Uri(ism, $"manifest(format={format})"));
        }

        foreach (var format in SmoothFormats)
        {
            await crawl.SmoothAsync(new Uri(ism, "manifest" + format));
        }

        return crawl.Result;
    }

    [GeneratedRegex("URI=\"([^\"]+)\"")]
    private static partial Regex UriAttribute();

    private sealed class Crawl(HttpClient http, Uri locatorBase)
    {
        public SortedDictionary<string, Fetched> Result { get; } = new(StringComparer.Ordinal);

        public async Task<Fetched> FetchAsync(Uri url)
        {
            var key = url.AbsoluteUri[locatorBase.AbsoluteUri.Length..];
            if (Result.TryGetValue(key, out var known))
            {
                return known;
            }

            using var response = await http.GetAsync(url, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
            Assert.NotEmpty(body);
            var fetched = new Fetched(body, response.Headers.ETag?.ToString() ?? "");
            Result[key] = fetched;
            return fetched;
        }

        public async Task HlsAsync(Uri playlist)
        {
            var text = Encoding.UTF8.GetString((await FetchAsync(playlist)).Body);
            var media = text.Contains("#EXT-X-TARGETDURATION", StringComparison.Ordinal);
            foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                var targets = line.StartsWith('#') ? UriAttribute().Matches(line).Select(m => m.Groups[1].Value) : [line];
                foreach (var target in targets)
                {
                    var url = new Uri(playlist, target);
                    if (media)
                    {
                        await FetchAsync(url);
                    }
                    else
                    {
                        await HlsAsync(url);
                    }
                }
            }
        }

        public async Task DashAsync(Uri mpd)
        {
            var document = XDocument.Parse(Encoding.UTF8.GetString((await FetchAsync(mpd)).Body));
            var ns = document.Root!.Name.Namespace;
            var segments = 0;
            foreach (var set in document.Descendants(ns + "AdaptationSet"))
            {
                foreach (var representation in set.Elements(ns + "Representation"))
                {
                    var template = representation.Element(ns + "SegmentTemplate") ?? set.Element(ns + "SegmentTemplate");
                    Assert.NotNull(template);
                    string Expand(string pattern, long? time) => pattern
                        .Replace("$Bandwidth$", (string)representation.Attribute("bandwidth")!, StringComparison.Ordinal)
                        .Replace("$RepresentationID$", (string)representation.Attribute("id")!, StringComparison.Ordinal)
                        .Replace("$Time$", time?.ToString(CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal);
                    await FetchAsync(new Uri(mpd, Expand((string)template.Attribute("initialization")!, null)));
                    var media = (string)template.Attribute("media")!;
                    long t = 0;
                    foreach (var s in template.Element(ns + "SegmentTimeline")!.Elements(ns + "S"))
                    {
                        t = (long?)s.Attribute("t") ?? t;
                        var d = (long)s.Attribute("d")!;
                        for (var i = 0; i <= ((int?)s.Attribute("r") ?? 0); i++, t += d)
                        {
                            await FetchAsync(new Uri(mpd, Expand(media, t)));
                            segments++;
                        }
                    }
                }
            }

            Assert.True(segments > 0, $"{mpd} lists no segments.");
        }

        public async Task SmoothAsync(Uri manifest)
        {
            var document = XDocument.Parse(Encoding.UTF8.GetString((await FetchAsync(manifest)).Body));
            foreach (var stream in document.Descendants("StreamIndex"))
            {
                var times = new List<long>();
                long t = 0;
                foreach (var c in stream.Elements("c"))
                {
                    t = (long?)c.Attribute("t") ?? t;
                    var d = (long)c.Attribute("d")!;
                    for (var i = 0; i < ((int?)c.Attribute("r") ?? 1); i++, t += d)
                    {
                        times.Add(t);
                    }
                }

                Assert.Equal((int)stream.Attribute("Chunks")!, times.Count);
                var pattern = (string)stream.Attribute("Url")!;
                foreach (var level in stream.Elements("QualityLevel"))
                {
                    foreach (var time in times)
                    {
                        var path = pattern.Replace("{bitrate}", (string)level.Attribute("Bitrate")!, StringComparison.Ordinal)
                            .Replace("{start time}", time.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                        await FetchAsync(new Uri(manifest, path));
                    }
                }
            }
        }
    }
}
