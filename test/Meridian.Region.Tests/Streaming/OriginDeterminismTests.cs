namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Two independent origins (separate data directories, the same files and locator id) answer byte-identical bodies and
/// ETags for every URL of every format; so does one origin after a restart.
/// </summary>
public sealed class OriginDeterminismTests
{
    public static TheoryData<string> Shapes() => [.. TestMedia.Shapes];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task TwoRegionsAndARestart_ServeIdenticalBytesAndETags(string shapeName)
    {
        var shape = await TestMedia.GetAsync(shapeName);
        var locatorId = Guid.NewGuid();
        await using var region1 = await StreamingTestSetup.StartRegionAsync(name: "region1");
        await using var region2 = await StreamingTestSetup.StartRegionAsync(name: "region2");
        var base1 = await StreamingTestSetup.PublishAsync(region1, shape.Name, shape.Paths, locatorId: locatorId);
        var base2 = await StreamingTestSetup.PublishAsync(region2, shape.Name, shape.Paths, locatorId: locatorId);
        Assert.NotEqual(base1, base2);

        using var http = new HttpClient();
        var crawl1 = await OriginCrawler.CrawlAsync(http, base1, shape.ManifestName);
        var crawl2 = await OriginCrawler.CrawlAsync(http, base2, shape.ManifestName);
        AssertSame(crawl1, crawl2);
        Assert.True(crawl1.Count > 20, $"Only {crawl1.Count} URLs crawled.");

        await region1.RestartAsync();
        var restarted = new Uri(region1.Server.Addresses.Streaming, locatorId.ToString("D") + "/");
        AssertSame(crawl1, await OriginCrawler.CrawlAsync(http, restarted, shape.ManifestName));
    }

    private static void AssertSame(SortedDictionary<string, Fetched> expected, SortedDictionary<string, Fetched> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (url, fetched) in expected)
        {
            var other = actual[url];
            Assert.True(fetched.Body.AsSpan().SequenceEqual(other.Body), $"{url}: bodies differ ({fetched.Body.Length} vs {other.Body.Length} bytes).");
            Assert.True(fetched.ETag.Length > 2 && !fetched.ETag.StartsWith("W/", StringComparison.Ordinal), $"{url}: ETag '{fetched.ETag}' is not strong.");
            Assert.Equal(fetched.ETag, other.ETag);
        }
    }
}
