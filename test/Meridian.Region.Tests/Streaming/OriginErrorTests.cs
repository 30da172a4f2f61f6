namespace Meridian.Region.Tests.Streaming;

/// <summary>The origin refuses with the AMS status and <c>MPE_*</c> code: locator time window, policy, unknown names, endpoint state, bad URLs.</summary>
public sealed class OriginErrorTests
{
    private const string Hls = "bframes.ism/manifest(format=m3u8-aapl)";
    private const string HlsCmaf = "bframes.ism/manifest(format=m3u8-cmaf)";
    private const string Dash = "bframes.ism/manifest(format=mpd-time-csf)";
    private const string Smooth = "bframes.ism/manifest";
    private const string Download = "bframes.mp4";

    private static async Task<(TestRegionHandle Region, MediaShape Shape)> StartAsync()
    {
        var shape = await TestMedia.GetAsync("bframes");
        var region = await StreamingTestSetup.StartRegionAsync();
        return (new TestRegionHandle(region), shape);
    }

    private static async Task<Uri> LocatorAsync(Infrastructure.TestRegion region, string name, object properties)
    {
        var (status, body) = await region.PutAsync($"streamingLocators/{name}", new { properties });
        Assert.True(status == 201, body?.ToJsonString());
        return new Uri(region.Server.Addresses.Streaming, (string)body!["properties"]!["streamingLocatorId"]! + "/");
    }

    [Fact]
    public async Task LocatorOutsideItsTimeWindow_IsUnauthorized()
    {
        var (handle, shape) = await StartAsync();
        await using var _ = handle;
        var region = handle.Region;
        await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        var now = DateTimeOffset.UtcNow;
        var expired = await LocatorAsync(region, "expired", new
        {
            assetName = "bframes", streamingPolicyName = "Predefined_DownloadAndClearStreaming", startTime = now.AddHours(-2), endTime = now.AddHours(-1),
        });
        var future = await LocatorAsync(region, "future", new
        {
            assetName = "bframes", streamingPolicyName = "Predefined_DownloadAndClearStreaming", startTime = now.AddHours(1),
        });
        var current = await LocatorAsync(region, "current", new
        {
            assetName = "bframes", streamingPolicyName = "Predefined_DownloadAndClearStreaming", startTime = now.AddHours(-1), endTime = now.AddHours(1),
        });
        foreach (var path in (string[])[Hls, Dash, Smooth, Download, "bframes.ism/QualityLevels(1)/Fragments(video=0,format=m3u8-cmaf)"])
        {
            await OriginAssert.ErrorAsync(new Uri(expired, path), 404, "MPE_UNAUTHORIZED");
            await OriginAssert.ErrorAsync(new Uri(future, path), 404, "MPE_UNAUTHORIZED");
        }

        await OriginAssert.OkAsync(new Uri(current, Hls));
        await OriginAssert.OkAsync(new Uri(current, Download));
    }

    [Fact]
    public async Task FormatsTheStreamingPolicyDoesNotEnable_AreBlocked()
    {
        var (handle, shape) = await StartAsync();
        await using var _ = handle;
        var region = handle.Region;
        var downloadOnly = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths, policy: "Predefined_DownloadOnly");
        foreach (var path in (string[])[Hls, HlsCmaf, Dash, Smooth])
        {
            await OriginAssert.ErrorAsync(new Uri(downloadOnly, path), 403, "MPE_OUTPUT_FORMAT_BLOCKED");
        }

        await OriginAssert.OkAsync(new Uri(downloadOnly, Download));

        var (status, body) = await region.PutAsync("streamingPolicies/dashonly", new
        {
            properties = new { noEncryption = new { enabledProtocols = new { download = false, dash = true, hls = false, smoothStreaming = false } } },
        });
        Assert.True(status == 201, body?.ToJsonString());
        var dashOnly = await LocatorAsync(region, "dashonly", new { assetName = "bframes", streamingPolicyName = "dashonly" });
        await OriginAssert.OkAsync(new Uri(dashOnly, Dash));
        await OriginAssert.OkAsync(new Uri(dashOnly, "bframes.ism/manifest(format=mpd-time-cmaf)"));
        foreach (var path in (string[])[Hls, HlsCmaf, "bframes.ism/manifest(format=m3u8-aapl-v3)", Smooth, "bframes.ism/QualityLevels(1)/Fragments(video=0,format=m3u8-aapl)"])
        {
            await OriginAssert.ErrorAsync(new Uri(dashOnly, path), 403, "MPE_OUTPUT_FORMAT_BLOCKED");
        }

        await OriginAssert.ErrorAsync(new Uri(dashOnly, Download), 403, "MPE_OUTPUT_FORMAT_BLOCKED");
        var clearOnly = await LocatorAsync(region, "clearonly", new { assetName = "bframes", streamingPolicyName = "Predefined_ClearStreamingOnly" });
        await OriginAssert.OkAsync(new Uri(clearOnly, Smooth));
        await OriginAssert.ErrorAsync(new Uri(clearOnly, Download), 403, "MPE_OUTPUT_FORMAT_BLOCKED");
    }

    [Fact]
    public async Task UnknownNames_AreNotFound_WithTheirCodes()
    {
        var (handle, shape) = await StartAsync();
        await using var _ = handle;
        var region = handle.Region;
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        var dash = await new HttpClient().GetStringAsync(new Uri(baseUrl, Dash), TestContext.Current.CancellationToken);
        var bitrate = System.Text.RegularExpressions.Regex.Match(dash, "id=\"1_V_video_1\" bandwidth=\"(\\d+)\"").Groups[1].Value;
        Assert.NotEmpty(bitrate);
        var ql = $"bframes.ism/QualityLevels({bitrate})";
        await OriginAssert.OkAsync(new Uri(baseUrl, $"{ql}/Fragments(video=0,format=mpd-time-csf)"));

        foreach (var path in (string[])[$"{ql}/Fragments(nosuch=0,format=mpd-time-csf)", $"{ql}/Fragments(nosuch=i,format=m3u8-cmaf)",
            $"{ql}/Manifest(nosuch,format=m3u8-aapl)", "bframes.ism/QualityLevels(12345)/Fragments(video=0,format=mpd-time-csf)", $"{ql}/Fragments(nosuch=0)"])
        {
            await OriginAssert.ErrorAsync(new Uri(baseUrl, path), 404, "MPE_EGRESS_TRACK_NOT_FOUND");
        }

        foreach (var path in (string[])[$"{ql}/Fragments(video=1,format=mpd-time-csf)", $"{ql}/Fragments(video=1,format=m3u8-aapl)",
            $"{ql}/Fragments(video=1,format=m3u8-cmaf)", $"{ql}/Fragments(video=1)", $"{ql}/Fragments(video=400000000,format=mpd-time-csf)",
            $"{ql}/Fragments(video=1,format=m3u8-aapl,type=keyframes)"])
        {
            await OriginAssert.ErrorAsync(new Uri(baseUrl, path), 404, "MPE_FRAGMENT_TIMESTAMP_NOT_FOUND");
        }

        var streaming = region.Server.Addresses.Streaming;
        await OriginAssert.ErrorAsync(new Uri(streaming, Guid.NewGuid().ToString("D") + "/" + Hls), 404, "MPE_RESOURCE_NOT_FOUND");
        await OriginAssert.ErrorAsync(new Uri(baseUrl, "nosuch.ism/manifest(format=m3u8-aapl)"), 404, "MPE_RESOURCE_NOT_FOUND");
        await OriginAssert.ErrorAsync(new Uri(baseUrl, "nosuch.mp4"), 404, "MPE_STORAGE_RESOURCE_NOT_FOUND");
    }

    [Fact]
    public async Task StoppedEndpoint_IsNotFound_UntilStartedAgain()
    {
        var (handle, shape) = await StartAsync();
        await using var _ = handle;
        var region = handle.Region;
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        await OriginAssert.OkAsync(new Uri(baseUrl, Hls));
        var (status, body) = await region.PostAsync("streamingEndpoints/default/stop");
        Assert.True(status is 200 or 202, body?.ToJsonString());
        await OriginAssert.ErrorAsync(new Uri(baseUrl, Hls), 404, null);
        await OriginAssert.ErrorAsync(new Uri(baseUrl, Download), 404, null);
        (status, body) = await region.PostAsync("streamingEndpoints/default/start");
        Assert.True(status is 200 or 202, body?.ToJsonString());
        await OriginAssert.OkAsync(new Uri(baseUrl, Hls));
    }

    [Fact]
    public async Task MalformedUrls_AreBadUrlSyntax()
    {
        var (handle, shape) = await StartAsync();
        await using var _ = handle;
        var region = handle.Region;
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
        var id = baseUrl.Segments[1].TrimEnd('/');
        string[] targets =
        [
            $"/{id}/bframes.ism/manifest(format=m3u8-aapl",
            $"/{id}/bframes.ism/manifest(format=m3u8-aapl))",
            $"/{id}/bframes.ism/manifest((format=m3u8-aapl)",
            $"/{id}/bframes.ism/manifes",
            $"/{id}/bframes.ism/manifest(foo)",
            $"/{id}/bframes.ism/manifest(format=m3u8-aapl,format=m3u8-aapl)",
            $"/{id}/bframes.ism/manifest(format=m3u8-aapl,unknown=1)",
            $"/{id}/bframes.ism/QualityLevels(abc)/Fragments(video=0)",
            $"/{id}/bframes.ism/QualityLevels(1)/Fragments(video=abc)",
            $"/{id}/bframes.ism/QualityLevels(1)/Fragments(video=-1)",
            $"/{id}/bframes.ism/QualityLevels(1)/Fragments()",
            $"/{id}/bframes.ism/QualityLevels(1)/Fragments",
            $"/{id}/bframes.ism/QualityLevels(1)/Other(video=0)",
            $"/{id}/bframes.ism/a/b/c",
            "/not-a-guid/bframes.ism/manifest",
            $"/{id}/../{id}/bframes.mp4",
            $"/{id}/./bframes.mp4",
            $"/{id}/%2e%2e/{id}/bframes.mp4",
            $"/{id}/..%2fbframes.mp4",
            $"/{id}/sub%2fbframes.mp4",
            $"/{id}/sub%5cbframes.mp4",
            $"/{id}/bframes.ism/..%2f..%2fbframes.mp4",
            $"/{id}//bframes.mp4",
            $"/{id}/sub/bframes.mp4",
            $"/{id}/bad%zzescape.mp4",
            $"/{id}/bframes.ism/manifest(format=m3u8-aapl,segment-duration=0)",
            $"/{id}/bframes.ism/manifest(format=m3u8-aapl,segment-duration=NaN)",
            $"/{id}/bframes.ism/manifest(format=m3u8-aapl,segment-duration=nan)",
            $"/{id}/bframes.ism/manifest(format=m3u8-aapl,segment-duration=Infinity)",
            $"/{id}/bframes.ism/manifest(format=m3u8-aapl,segment-duration=61)",
            // Names the blob store refuses: a segment over 255 bytes, U+FFFF (each once a 500 from the store).
            $"/{id}/{new string('a', 300)}.mp4",
            $"/{id}/a%EF%BF%BF.mp4",
        ];
        foreach (var target in targets)
        {
            await OriginAssert.RawErrorAsync(region.Server.Addresses.Streaming, target, 400, "MPE_BAD_URL_SYNTAX");
        }

        await OriginAssert.OkAsync(new Uri(baseUrl, Download));
    }

    [Fact]
    public async Task ServerManifestsCannotBeDownloaded_AndDownloadNeedsThePolicy()
    {
        var (handle, shape) = await StartAsync();
        await using var _ = handle;
        var region = handle.Region;
        var ladder = await TestMedia.GetAsync("ladder");
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "ladder", ladder.Paths);
        await OriginAssert.ErrorAsync(new Uri(baseUrl, "ladder.ism"), 404, null);
        await OriginAssert.ErrorAsync(new Uri(baseUrl, "LADDER.ISM"), 404, null);
        await OriginAssert.OkAsync(new Uri(baseUrl, ladder.Files[0]));
        var streamingOnly = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths, policy: "Predefined_ClearStreamingOnly");
        await OriginAssert.ErrorAsync(new Uri(streamingOnly, Download), 403, "MPE_OUTPUT_FORMAT_BLOCKED");
        await OriginAssert.OkAsync(new Uri(streamingOnly, Hls));
    }
}
