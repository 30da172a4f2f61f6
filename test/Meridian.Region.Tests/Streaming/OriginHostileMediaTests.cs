using System.Diagnostics;
using System.Text;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Broken and hostile asset files through the origin: each answers a clear 4xx with an <c>MPE_*</c> code (never 500), within
/// a timeout, and the region keeps serving other assets.
/// </summary>
public sealed class OriginHostileMediaTests
{
    private static readonly string[] Manifests =
        ["manifest(format=m3u8-aapl)", "manifest(format=m3u8-cmaf)", "manifest(format=mpd-time-csf)", "manifest", "QualityLevels(1)/Fragments(video=0,format=m3u8-cmaf)"];

    [Fact]
    public async Task BrokenAssets_AnswerClientErrors_AndTheRegionKeepsServing()
    {
        var good = await TestMedia.GetAsync("bframes");
        var dir = Directory.CreateTempSubdirectory("meridian-hostile-").FullName;
        try
        {
            var source = await File.ReadAllBytesAsync(good.VideoSourcePath, TestContext.Current.CancellationToken);
            var random = new Random(1234);
            var garbage = new byte[64 * 1024];
            random.NextBytes(garbage);

            // A faststart copy (moov first) cut inside its moov, and the default layout (moov last) cut inside its moov.
            await TestMedia.FfmpegAsync(dir, ["-i", good.VideoSourcePath, "-c", "copy", "-movflags", "+faststart", "faststart.mp4"]);
            var faststart = await File.ReadAllBytesAsync(Path.Combine(dir, "faststart.mp4"), TestContext.Current.CancellationToken);
            var assets = new Dictionary<string, (string File, byte[] Bytes)[]>
            {
                ["truncmoovlast"] = [("truncmoovlast.mp4", source[..^700])],
                ["truncmoovfirst"] = [("truncmoovfirst.mp4", faststart[..2000])],
                ["garbage"] = [("garbage.mp4", garbage)],
                ["empty"] = [("empty.mp4", [])],
                ["boxsize"] = [("boxsize.mp4", [0, 0, 0, 8, .. "ftyp"u8, 0xFF, 0xFF, 0xFF, 0xFF, .. "moov"u8, .. new byte[64]])],
                ["missing"] = [("missing.ism", Ism("""<video src="nosuch.mp4" />""")), ("other.mp4", source)],
                ["notxml"] = [("notxml.ism", "this is { not xml"u8.ToArray()), ("notxml.mp4", source)],
                ["notsmil"] = [("notsmil.ism", "<html><body/></html>"u8.ToArray()), ("notsmil.mp4", source)],
                ["dtd"] = [("dtd.ism", Encoding.UTF8.GetBytes("""<?xml version="1.0"?><!DOCTYPE smil [<!ENTITY a "aaaaaaaaaa">]><smil>&a;</smil>""")), ("dtd.mp4", source)],
                ["escape"] = [("escape.ism", Ism("""<video src="../../etc/passwd" />""")), ("escape.mp4", source)],
                ["notmedia"] = [("notmedia.ism", Ism("""<video src="notes.mp4" />""")), ("notes.mp4", "hello"u8.ToArray())],
            };

            await using var region = await StreamingTestSetup.StartRegionAsync();
            var goodUrl = await StreamingTestSetup.PublishAsync(region, "good", good.Paths);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            foreach (var (name, files) in assets)
            {
                var paths = new List<string>();
                foreach (var (file, bytes) in files)
                {
                    Directory.CreateDirectory(Path.Combine(dir, name));
                    var path = Path.Combine(dir, name, file);
                    await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
                    paths.Add(path);
                }

                var baseUrl = await StreamingTestSetup.PublishAsync(region, name, paths);
                foreach (var manifest in Manifests)
                {
                    var url = new Uri(baseUrl, $"{name}.ism/{manifest}");
                    var clock = Stopwatch.StartNew();
                    using var response = await http.GetAsync(url, TestContext.Current.CancellationToken);
                    var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                    var status = (int)response.StatusCode;
                    Assert.True(status is >= 400 and < 500, $"{name} {manifest}: {status} {body}");
                    Assert.True(response.Headers.TryGetValues("x-ms-error-code", out var codes) && codes.Single().StartsWith("MPE_", StringComparison.Ordinal),
                        $"{name} {manifest}: no MPE code ({status} {body})");
                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{name} {manifest} took {clock.Elapsed}.");
                }

                await OriginAssert.OkAsync(new Uri(goodUrl, "bframes.ism/manifest(format=m3u8-cmaf)"));
            }

            var crawl = await OriginCrawler.CrawlAsync(http, goodUrl, "bframes");
            Assert.NotEmpty(crawl);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static byte[] Ism(string body) => Encoding.UTF8.GetBytes(
        $"""<?xml version="1.0" encoding="utf-8"?><smil xmlns="http://www.w3.org/2001/SMIL20/Language"><head /><body><switch>{body}</switch></body></smil>""");
}
