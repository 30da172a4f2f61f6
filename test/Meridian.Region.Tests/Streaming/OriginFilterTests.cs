namespace Meridian.Region.Tests.Streaming;

/// <summary>Dynamic manifest filters: track selection from URL and locator filters; unknown filters and time ranges refused.</summary>
public sealed class OriginFilterTests
{
    private static object TrackFilter(params (string Property, string Operation, string Value)[][] tracks) => new
    {
        properties = new
        {
            tracks = tracks.Select(and => new { trackSelections = and.Select(c => new { property = c.Property, operation = c.Operation, value = c.Value }) }),
        },
    };

    [Fact]
    public async Task UrlFilter_KeepsOnlySelectedTracks_InManifestsAndSubUrls()
    {
        var shape = await TestMedia.GetAsync("twolang");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "twolang", shape.Paths);
        var (status, body) = await region.PutAsync("accountFilters/english",
            TrackFilter([("Type", "Equal", "Video")], [("Type", "Equal", "Audio"), ("Language", "Equal", "en-US")]));
        Assert.True(status == 201, body?.ToJsonString());

        using var http = new HttpClient();
        var all = await http.GetStringAsync(new Uri(baseUrl, $"{shape.ManifestName}.ism/manifest(format=m3u8-cmaf)"), TestContext.Current.CancellationToken);
        var english = await http.GetStringAsync(new Uri(baseUrl, $"{shape.ManifestName}.ism/manifest(format=m3u8-cmaf,filter=english)"),
            TestContext.Current.CancellationToken);

        Assert.Contains("LANGUAGE=\"es\"", all, StringComparison.Ordinal);
        Assert.DoesNotContain("LANGUAGE=\"es\"", english, StringComparison.Ordinal);
        Assert.Contains("LANGUAGE=\"en\"", english, StringComparison.Ordinal);
        Assert.Contains("filter=english", english, StringComparison.Ordinal);

        // Every playlist and segment of the filtered stream is served.
        var master = new Uri(baseUrl, $"{shape.ManifestName}.ism/manifest(format=m3u8-cmaf,filter=english)");
        var fetched = 0;
        foreach (var playlist in References(master, english).Where(u => u.AbsolutePath.Contains("/Manifest(", StringComparison.Ordinal)))
        {
            var media = await http.GetStringAsync(playlist, TestContext.Current.CancellationToken);
            foreach (var segment in References(playlist, media))
            {
                using var response = await http.GetAsync(segment, TestContext.Current.CancellationToken);
                Assert.True(response.IsSuccessStatusCode, $"{segment}: {(int)response.StatusCode}");
                fetched++;
            }
        }

        Assert.True(fetched > 3, $"only {fetched} segments");
        var dash = await http.GetStringAsync(new Uri(baseUrl, $"{shape.ManifestName}.ism/manifest(format=mpd-time-csf,filter=english)"),
            TestContext.Current.CancellationToken);
        Assert.DoesNotContain("lang=\"es\"", dash, StringComparison.Ordinal);
    }

    private static IEnumerable<Uri> References(Uri playlist, string text) =>
        text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => line.StartsWith('#')
                ? System.Text.RegularExpressions.Regex.Matches(line, "URI=\"([^\"]+)\"").Select(m => m.Groups[1].Value)
                : [line])
            .Select(r => new Uri(playlist, r));

    [Fact]
    public async Task LocatorFilter_AppliesToEveryRequest()
    {
        var shape = await TestMedia.GetAsync("twolang");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        await StreamingTestSetup.PublishAsync(region, "twolang", shape.Paths);
        Assert.Equal(201, (await region.PutAsync("assets/twolang/assetFilters/videoonly", TrackFilter([("Type", "Equal", "Video")]))).Status);
        var id = Guid.NewGuid();
        var (status, body) = await region.PutAsync("streamingLocators/filtered", new
        {
            properties = new { assetName = "twolang", streamingPolicyName = "Predefined_ClearStreamingOnly", streamingLocatorId = id, filters = new[] { "videoonly" } },
        });
        Assert.True(status == 201, body?.ToJsonString());

        using var http = new HttpClient();
        var mpd = await http.GetStringAsync(new Uri(region.Server.Addresses.Streaming, $"{id}/{shape.ManifestName}.ism/manifest(format=mpd-time-csf)"),
            TestContext.Current.CancellationToken);
        Assert.Contains("contentType=\"video\"", mpd, StringComparison.Ordinal);
        Assert.DoesNotContain("contentType=\"audio\"", mpd, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFilter_Is404_AndTimeRangeFilter_Is415()
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        Assert.Equal(201, (await region.PutAsync("accountFilters/firsttwo", new
        {
            properties = new { presentationTimeRange = new { startTimestamp = 0L, endTimestamp = 20_000_000L } },
        })).Status);

        await OriginAssert.ErrorAsync(new Uri(baseUrl, "bframes.ism/manifest(format=m3u8-cmaf,filter=nope)"), 404, "MPE_EGRESS_FILTER_NOT_FOUND");
        await OriginAssert.ErrorAsync(new Uri(baseUrl, "bframes.ism/manifest(format=m3u8-cmaf,filter=firsttwo)"), 415, "MPE_FILTER_TIME_RANGE_NOT_SUPPORTED");
        await OriginAssert.ErrorAsync(new Uri(baseUrl, "bframes.ism/manifest(format=m3u8-cmaf,filter=a;b;c;d)"), 400, "MPE_FILTER_COMPOSITION_FILTER_COUNT_OVER_LIMIT");
    }
}
