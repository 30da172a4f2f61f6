using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Meridian.Region.Streaming;

namespace Meridian.Region.Tests.Streaming;

/// <summary>HTTP semantics of the origin: content types, CORS, strong ETags, conditional GET, HEAD, ranges and Cache-Control.</summary>
public sealed partial class OriginHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryResource_HasItsContentType_CorsAndAStrongStableETag()
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        using var http = new HttpClient();
        var dash = await http.GetStringAsync(new Uri(baseUrl, "bframes.ism/manifest(format=mpd-time-csf)"), Ct);
        var video = VideoBandwidth().Match(dash).Groups[1].Value;
        var audio = AudioTrack().Match(dash);
        var ql = $"bframes.ism/QualityLevels({video})";
        var aql = $"bframes.ism/QualityLevels({audio.Groups[2].Value})";
        var cases = new (string Path, string ContentType)[]
        {
            ("bframes.ism/manifest(format=m3u8-aapl)", "application/vnd.apple.mpegurl"),
            ("bframes.ism/manifest(format=m3u8-cmaf)", "application/vnd.apple.mpegurl"),
            ($"{ql}/Manifest(video,format=m3u8-aapl)", "application/vnd.apple.mpegurl"),
            ("bframes.ism/manifest(format=mpd-time-csf)", "application/dash+xml"),
            ("bframes.ism/manifest(format=mpd-time-cmaf)", "application/dash+xml"),
            ("bframes.ism/manifest", "text/xml"),
            ($"{ql}/Fragments(video=0,format=m3u8-aapl)", "video/mp2t"),
            ($"{ql}/Fragments(video=i,format=m3u8-cmaf)", "video/mp4"),
            ($"{ql}/Fragments(video=0,format=mpd-time-csf)", "video/mp4"),
            ($"{aql}/Fragments({audio.Groups[1].Value}=0,format=mpd-time-csf)", "audio/mp4"),
            ($"{ql}/Fragments(video=0)", "video/mp4"),
            ("bframes.mp4", "video/mp4"),
        };
        foreach (var (path, contentType) in cases)
        {
            var url = new Uri(baseUrl, path);
            using var first = await http.GetAsync(url, Ct);
            var body = await first.Content.ReadAsByteArrayAsync(Ct);
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"{path}: {(int)first.StatusCode}");
            Assert.Equal(contentType, first.Content.Headers.ContentType?.MediaType);
            Assert.Equal("*", first.Headers.GetValues("Access-Control-Allow-Origin").Single());
            var exposed = string.Join(",", first.Headers.GetValues("Access-Control-Expose-Headers"));
            Assert.Contains("Content-Length", exposed, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Content-Range", exposed, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(body.Length, first.Content.Headers.ContentLength);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);
            Assert.False(etag.IsWeak, path);

            using var second = await http.GetAsync(url, Ct);
            Assert.Equal(etag, second.Headers.ETag);
            Assert.Equal(body, await second.Content.ReadAsByteArrayAsync(Ct));

            using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.IfNoneMatch.Add(etag);
            using var notModified = await http.SendAsync(conditional, Ct);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal(etag, notModified.Headers.ETag);

            using var otherTag = new HttpRequestMessage(HttpMethod.Get, url);
            otherTag.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
            using var modified = await http.SendAsync(otherTag, Ct);
            Assert.Equal(HttpStatusCode.OK, modified.StatusCode);

            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), Ct);
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(body.Length, head.Content.Headers.ContentLength);
            Assert.Equal(contentType, head.Content.Headers.ContentType?.MediaType);
            Assert.Equal(etag, head.Headers.ETag);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    [Fact]
    public void ETagOfABodyInTwoPieces_IsThatOfTheWholeBody()
    {
        var body = new byte[200_000];
        new Random(7).NextBytes(body);
        foreach (var split in new[] { 0, 1, 4_000, 199_999, 200_000 })
        {
            Assert.Equal(OriginHttp.ETagOf(body), OriginHttp.ETagOf(body.AsSpan(0, split), body.AsSpan(split)));
        }

        Assert.NotEqual(OriginHttp.ETagOf(body), OriginHttp.ETagOf(body.AsSpan(1), body.AsSpan(0, 1)));
    }

    [Theory]
    [InlineData("mpd-time-csf")]
    [InlineData("m3u8-cmaf")]
    public async Task RepeatedClearSegmentRequests_ReadIntoTheSendBuffer_AreTheBuiltBytes(string format)
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        using var http = new HttpClient();
        var manifest = new Uri(baseUrl, $"bframes.ism/manifest(format={format})");
        var groups = format.StartsWith("mpd", StringComparison.Ordinal)
            ? await ManifestSegments.DashAsync(http, manifest, Ct)
            : await ManifestSegments.HlsAsync(http, manifest, Ct);
        var urls = groups.SelectMany(g => g.Alternatives.SelectMany(a => a)).ToList();
        Assert.True(urls.Count >= 4, $"only {urls.Count} segments");
        await RepeatedSegmentRequests.AssertSameAsBuiltAsync(http, urls, Ct);
    }

    [Fact]
    public async Task Revalidation_Is304_WhetherOrNotThisProcessBuiltTheSegmentBefore()
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        using var http = new HttpClient();
        var dash = await http.GetStringAsync(new Uri(baseUrl, "bframes.ism/manifest(format=mpd-time-csf)"), Ct);
        var url = new Uri(baseUrl, $"bframes.ism/QualityLevels({VideoBandwidth().Match(dash).Groups[1].Value})/Fragments(video=0,format=mpd-time-csf)");
        using var first = await http.GetAsync(url, Ct);
        var body = await first.Content.ReadAsByteArrayAsync(Ct);
        var etag = first.Headers.ETag!;

        // A fresh process has no ETag for the segment yet: it builds the segment to compare. The next revalidation is
        // answered from the remembered ETag; a full GET still returns the same bytes under it.
        await region.RestartAsync();
        url = new Uri(region.Server.Addresses.Streaming, url.PathAndQuery);
        for (var i = 0; i < 2; i++)
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.IfNoneMatch.Add(etag);
            using var notModified = await http.SendAsync(conditional, Ct);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal(etag, notModified.Headers.ETag);
            Assert.Equal("*", notModified.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.NotNull(notModified.Headers.CacheControl?.MaxAge);
        }

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        using var full = await http.SendAsync(stale, Ct);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(etag, full.Headers.ETag);
        Assert.Equal(body, await full.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("bframes.mp4")]
    [InlineData("bframes.ism/manifest(format=m3u8-cmaf)")]
    [InlineData("bframes.ism/manifest(format=mpd-time-csf)")]
    public async Task Ranges_AnswerPartialContent_OrRangeNotSatisfiable(string path)
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        using var http = new HttpClient();
        var url = new Uri(baseUrl, path);
        var full = await http.GetByteArrayAsync(url, Ct);
        var length = full.Length;
        foreach (var (from, to, start, end) in new (long?, long?, long, long)[]
        {
            (0, 9, 0, 9), (5, 5, 5, 5), (10, null, 10, length - 1), (null, 7, length - 7, length - 1), (3, length + 100, 3, length - 1),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(from, to);
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal($"bytes {start}-{end}/{length}", response.Content.Headers.ContentRange?.ToString());
            Assert.Equal(full[(int)start..(int)(end + 1)], await response.Content.ReadAsByteArrayAsync(Ct));
        }

        foreach (var (from, to) in new (long?, long?)[] { (length, null), (length + 10, length + 20) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(from, to);
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
            Assert.Equal($"bytes */{length}", response.Content.Headers.ContentRange?.ToString());
        }
    }

    [Fact]
    public async Task Preflight_AllowsAnyOrigin_AndTheRequestedHeaders()
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(baseUrl, "bframes.ism/manifest(format=mpd-time-csf)"));
        request.Headers.Add("Origin", "https://player.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "range");
        using var response = await http.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Contains("range", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);

        using var error = await http.GetAsync(new Uri(baseUrl, "nosuch.ism/manifest"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("*", error.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task CacheControl_UsesTheEndpointsMaxCacheAge_OrTheDefault()
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        using var http = new HttpClient();
        string[] paths = ["bframes.ism/manifest(format=m3u8-cmaf)", "bframes.ism/manifest", "bframes.mp4"];

        async Task AssertMaxAgeAsync(long seconds)
        {
            foreach (var path in paths)
            {
                using var response = await http.GetAsync(new Uri(baseUrl, path), Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.CacheControl?.MaxAge);
            }
        }

        await AssertMaxAgeAsync(86400);
        var (status, body) = await region.PatchAsync("streamingEndpoints/default", new { properties = new { maxCacheAge = 120 } });
        Assert.True(status is 200 or 202, body?.ToJsonString());
        await AssertMaxAgeAsync(120);

        (status, body) = await region.GetAsync("streamingEndpoints/default");
        Assert.Equal(200, status);
        var endpoint = body!.AsObject();
        endpoint["properties"]!["maxCacheAge"] = 45;
        (status, body) = await region.PutAsync("streamingEndpoints/default", endpoint.ToJsonString());
        Assert.True(status is 200 or 201 or 202, body?.ToJsonString());
        await AssertMaxAgeAsync(45);

        using var error = await http.GetAsync(new Uri(baseUrl, "nosuch.ism/manifest"), Ct);
        Assert.True(error.Headers.CacheControl?.NoCache == true, "An error must not be cached for maxCacheAge.");
    }

    [GeneratedRegex("id=\"1_V_video_1\" bandwidth=\"(\\d+)\"")]
    private static partial Regex VideoBandwidth();

    [GeneratedRegex("Fragments\\((aac_[a-z0-9_]+)=\\$Time\\$[^\"]*\".*?bandwidth=\"(\\d+)\"", RegexOptions.Singleline)]
    private static partial Regex AudioTrack();
}
