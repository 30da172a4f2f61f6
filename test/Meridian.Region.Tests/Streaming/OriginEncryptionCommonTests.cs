using System.Text.Json.Nodes;
using System.Xml.Linq;
using Meridian.Region.Streaming;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// <c>encryption=cenc</c> and <c>encryption=cbcs</c> DASH: CMAF segments encrypted per sample, init segments with
/// <c>tenc</c>/<c>pssh</c>, ContentProtection elements naming the key and the region's ClearKey license URL; ffmpeg
/// decrypts the video to the source's frames; two regions write identical bytes.
/// </summary>
public sealed class OriginEncryptionCommonTests
{
    private static readonly Guid KeyId = Guid.Parse("7d0f4c2a-1b3e-4a5f-8c6d-9e0a1b2c3d4e");
    private static readonly byte[] KeyValue = Convert.FromHexString("F0E1D2C3B4A5968778695A4B3C2D1E0F");

    private static JsonObject Schemes(string scheme) => new()
    {
        [scheme == "cenc" ? "commonEncryptionCenc" : "commonEncryptionCbcs"] = new JsonObject
        {
            ["enabledProtocols"] = new JsonObject { ["download"] = false, ["dash"] = true, ["hls"] = false, ["smoothStreaming"] = false },
            ["contentKeys"] = new JsonObject { ["defaultKey"] = new JsonObject { ["label"] = "common" } },
            ["drm"] = scheme == "cenc"
                ? new JsonObject { ["playReady"] = new JsonObject(), ["widevine"] = new JsonObject() }
                : new JsonObject { ["widevine"] = new JsonObject() },
        },
    };

    private static async Task<(TestRegionHandle Handle, Uri Base, MediaShape Shape)> StartAsync(
        string scheme, string name = "region1", Guid? locatorId = null, OriginOptions? origin = null)
    {
        var shape = await TestMedia.GetAsync("bframes");
        var region = await StreamingTestSetup.StartRegionAsync(name: name, origin: origin);
        await OriginEncryptionSetup.PutPoliciesAsync(region, "common", Schemes(scheme));
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, "common", locatorId ?? Guid.NewGuid(), ("common", KeyId, KeyValue));
        return (new TestRegionHandle(region), locatorBase, shape);
    }

    [Theory]
    [InlineData("cenc", "mpd-time-csf")]
    [InlineData("cenc", "mpd-time-cmaf")]
    [InlineData("cbcs", "mpd-time-csf")]
    public async Task Dash_FfmpegDecryptsTheVideoWithTheKey_ToTheSourceFrames(string scheme, string format)
    {
        var (handle, locatorBase, shape) = await StartAsync(scheme);
        await using var _ = handle;
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var mpdUrl = new Uri(locatorBase, $"bframes.ism/manifest(format={format},encryption={scheme})");
        var mpd = XDocument.Parse(await http.GetStringAsync(mpdUrl, ct));
        XNamespace dash = "urn:mpeg:dash:schema:mpd:2011";
        XNamespace cenc = "urn:mpeg:cenc:2013";
        XNamespace dashif = "https://dashif.org/CPS";
        foreach (var set in mpd.Descendants(dash + "AdaptationSet"))
        {
            var protections = set.Elements(dash + "ContentProtection").ToList();
            var mp4 = protections.Single(p => (string?)p.Attribute("schemeIdUri") == "urn:mpeg:dash:mp4protection:2011");
            Assert.Equal(scheme, (string?)mp4.Attribute("value"));
            Assert.Equal(KeyId.ToString("D"), (string?)mp4.Attribute(cenc + "default_KID"));
            var clearKey = protections.Single(p => (string?)p.Attribute("schemeIdUri") == "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e");
            Assert.Equal(new Uri(handle.Region.Server.Addresses.KeyDelivery, "ClearKey/").AbsoluteUri, (string?)clearKey.Element(dashif + "Laurl"));
            Assert.Null(clearKey.Element(cenc + "pssh"));
            Assert.Contains(protections, p => (string?)p.Attribute("schemeIdUri") == "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed" &&
                p.Element(cenc + "pssh") is not null);
            Assert.Equal(scheme == "cenc", protections.Any(p => (string?)p.Attribute("schemeIdUri") == "urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95" &&
                p.Element(XName.Get("pro", "urn:microsoft:playready")) is not null));
        }

        var groups = await ManifestSegments.DashAsync(http, mpdUrl, ct);
        var video = groups.Single(g => g.Name == "video");
        var file = Path.Combine(Path.GetTempPath(), $"meridian-enc-{Guid.NewGuid():N}.mp4");
        try
        {
            await using (var output = File.Create(file))
            {
                var init = await http.GetByteArrayAsync(video.Inits[0], ct);
                Assert.True(Contains(init, "encv"u8) && Contains(init, "tenc"u8) && Contains(init, "pssh"u8), "The init segment does not signal encryption.");
                await output.WriteAsync(init, ct);
                foreach (var segment in video.Alternatives[0])
                {
                    var bytes = await http.GetByteArrayAsync(segment, ct);
                    Assert.True(Contains(bytes, "senc"u8), $"{segment} has no senc box.");
                    await output.WriteAsync(bytes, ct);
                }
            }

            var expected = await Ffmpeg.FrameHashesAsync(shape.VideoSourcePath, "0:v:0");
            var (code, text) = await ProcessRunner.RunAsync("ffmpeg",
                ["-v", "error", "-nostdin", "-fflags", "+ignidx", "-decryption_key", Convert.ToHexString(KeyValue), "-i", file, "-map", "0:v:0",
                    "-f", "framemd5", "-"], Path.GetTempPath(), null, TimeSpan.FromMinutes(2));
            Assert.True(code == 0, text);
            var hashes = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(',')[^1].Trim()).ToList();
            Assert.Equal(expected.Count, hashes.Count);
            Assert.Equal(expected, hashes);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TwoRegions_WriteIdenticalEncryptedSegments()
    {
        var locatorId = Guid.NewGuid();
        var (handle1, base1, _) = await StartAsync("cenc", "region1", locatorId);
        await using var _1 = handle1;
        var (handle2, base2, _) = await StartAsync("cenc", "region2", locatorId);
        await using var _2 = handle2;
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        const string manifest = "bframes.ism/manifest(format=mpd-time-csf,encryption=cenc)";
        var mpd1 = await http.GetStringAsync(new Uri(base1, manifest), ct);
        var mpd2 = await http.GetStringAsync(new Uri(base2, manifest), ct);
        Assert.Equal(
            mpd1.Replace(handle1.Region.Server.Addresses.KeyDelivery.Authority, "KEY", StringComparison.Ordinal),
            mpd2.Replace(handle2.Region.Server.Addresses.KeyDelivery.Authority, "KEY", StringComparison.Ordinal));
        var checkedUrls = 0;
        foreach (var group in await ManifestSegments.DashAsync(http, new Uri(base1, manifest), ct))
        {
            foreach (var url in group.Inits.Concat(group.Alternatives[0].Take(3)))
            {
                var other = new Uri(base2, base1.MakeRelativeUri(url));
                Assert.Equal(await http.GetByteArrayAsync(url, ct), await http.GetByteArrayAsync(other, ct));
                checkedUrls++;
            }
        }

        Assert.True(checkedUrls >= 4);
    }

    [Theory]
    [InlineData("cenc")]
    [InlineData("cbcs")]
    public async Task RepeatedRequests_EncryptedIntoTheSendBuffer_AreTheBuiltBytes(string scheme)
    {
        var (handle, locatorBase, _) = await StartAsync(scheme);
        await using var _h = handle;
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var manifest = new Uri(locatorBase, $"bframes.ism/manifest(format=mpd-time-csf,encryption={scheme})");
        var urls = (await ManifestSegments.DashAsync(http, manifest, ct)).SelectMany(g => g.Alternatives.SelectMany(a => a)).ToList();
        Assert.True(urls.Count >= 4, $"only {urls.Count} segments");
        await RepeatedSegmentRequests.AssertSameAsBuiltAsync(http, urls, ct);
    }

    [Fact]
    public async Task ColdSegments_EveryRequestBuilds_AndAnswersTheSameBytes()
    {
        // An origin that remembers no ETags or plans (what a CDN's misses look like): every GET, HEAD, range and
        // revalidation builds the segment, and the answers are those of a remembering origin.
        var cold = new OriginOptions { SegmentETagCacheEntries = 0, SegmentPlanCacheBytes = 0 };
        var (handle, locatorBase, shape) = await StartAsync("cenc", origin: cold);
        await using var _h = handle;
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var manifest = new Uri(locatorBase, "bframes.ism/manifest(format=mpd-time-csf,encryption=cenc)");
        var urls = (await ManifestSegments.DashAsync(http, manifest, ct)).SelectMany(g => g.Alternatives.SelectMany(a => a.Take(2))).ToList();
        await RepeatedSegmentRequests.AssertSameAsBuiltAsync(http, urls, ct);

        var assets = handle.Region.Server.Services.GetRequiredService<AssetPresentations>();
        Assert.Equal(0, assets.SegmentETags.Count);
        Assert.Equal(0, assets.SegmentPlans.Count);
        Assert.NotEqual(0, assets.Manifests.Count);
    }

    [Theory]
    [InlineData("cenc", 0)]
    [InlineData("cbcs", 0)]
    [InlineData("cenc", 6 * 1024)]
    [InlineData("cenc", 64L * 1024 * 1024)]
    public async Task RepeatedRequests_AnyPlanCacheSize_AreTheBuiltBytes(string scheme, long planCacheBytes)
    {
        // 0 keeps no plan (every repeat is built again), 6 KiB about two (the cache keeps starting over), 64 MiB all of them.
        var (handle, locatorBase, _) = await StartAsync(scheme, origin: new OriginOptions { SegmentPlanCacheBytes = planCacheBytes });
        await using var _h = handle;
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var manifest = new Uri(locatorBase, $"bframes.ism/manifest(format=mpd-time-csf,encryption={scheme})");
        var urls = (await ManifestSegments.DashAsync(http, manifest, ct)).SelectMany(g => g.Alternatives.SelectMany(a => a)).ToList();
        await RepeatedSegmentRequests.AssertSameAsBuiltAsync(http, urls, ct);

        var plans = handle.Region.Server.Services.GetRequiredService<AssetPresentations>().SegmentPlans;
        if (planCacheBytes == 0)
        {
            Assert.Equal(0, plans.Count);
        }
        else if (planCacheBytes < 1024 * 1024)
        {
            Assert.InRange(plans.Count, 1, 3);
        }
        else
        {
            // Every media segment's plan was kept.
            Assert.Equal(urls.Count, plans.Count);
        }
    }

    [Fact]
    public async Task CencPolicy_WithoutEncryptionInTheUrl_IsRefused()
    {
        var (handle, locatorBase, _) = await StartAsync("cenc");
        await using var _ = handle;
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest(format=mpd-time-cmaf)"), 400, "MPE_ENC_ENCRYPTION_NOT_SPECIFIED_IN_URL");
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest(format=mpd-time-csf,encryption=cbc)"), 403,
            "MPE_ENC_ENCRYPTION_NOT_SET_IN_DELIVERY_POLICY");
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl)"), 403, "MPE_OUTPUT_FORMAT_BLOCKED");
    }

    [Fact]
    public async Task HlsCbcs_SignalsClearKeyFairPlayAndWidevine_AndTsSampleAesFairPlayAndIdentity()
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var handle = new TestRegionHandle(await StreamingTestSetup.StartRegionAsync());
        var region = handle.Region;
        await OriginEncryptionSetup.PutPoliciesAsync(region, "cbcs", new JsonObject
        {
            ["commonEncryptionCbcs"] = new JsonObject
            {
                ["enabledProtocols"] = new JsonObject { ["download"] = false, ["dash"] = true, ["hls"] = true, ["smoothStreaming"] = false },
                ["contentKeys"] = new JsonObject { ["defaultKey"] = new JsonObject { ["label"] = "cbcs" } },
                ["drm"] = new JsonObject { ["fairPlay"] = new JsonObject { ["allowPersistentLicense"] = false }, ["widevine"] = new JsonObject() },
            },
        });
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, "cbcs", Guid.NewGuid(), ("cbcs", KeyId, KeyValue));
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var master = await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-cmaf,encryption=cbcs-aapl)"), ct);
        var media = master.Split('\n').First(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal));
        var playlist = await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/" + media), ct);
        var kid = Convert.ToBase64String(Convert.FromHexString(KeyId.ToString("N")));
        Assert.Contains($"#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"data:text/plain;base64,{kid}\",KEYFORMAT=\"org.w3.clearkey\",KEYFORMATVERSIONS=\"1\"\n",
            playlist, StringComparison.Ordinal);
        var skd = $"skd://{region.Server.Addresses.KeyDelivery.Authority}/FairPlay/?kid={KeyId:D}";
        Assert.Contains($"#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"{skd}\",KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"\n",
            playlist, StringComparison.Ordinal);
        Assert.Contains("KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\"", playlist, StringComparison.Ordinal);
        Assert.True(playlist.IndexOf("#EXT-X-MAP", StringComparison.Ordinal) < playlist.IndexOf("#EXT-X-KEY", StringComparison.Ordinal));
        // TS (SAMPLE-AES) names the same FairPlay key, and the raw key through KEYFORMAT identity instead of ClearKey EME.
        var tsMaster = await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl,encryption=cbcs-aapl)"), ct);
        var tsMedia = tsMaster.Split('\n').First(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal));
        var tsPlaylist = await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/" + tsMedia), ct);
        Assert.Contains($"#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"{skd}\",IV=0x", tsPlaylist, StringComparison.Ordinal);
        Assert.Contains($"#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"{region.Server.Addresses.KeyDelivery.AbsoluteUri}?kid={KeyId:D}\",IV=0x", tsPlaylist,
            StringComparison.Ordinal);
        Assert.DoesNotContain("org.w3.clearkey", tsPlaylist, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmoothCenc_CarriesAPlayReadyProtectionHeader_AndPiffEncryptedFragments()
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var handle = new TestRegionHandle(await StreamingTestSetup.StartRegionAsync());
        var region = handle.Region;
        var schemes = Schemes("cenc");
        schemes["commonEncryptionCenc"]!["enabledProtocols"]!["smoothStreaming"] = true;
        await OriginEncryptionSetup.PutPoliciesAsync(region, "smooth", schemes);
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, "smooth", Guid.NewGuid(), ("common", KeyId, KeyValue));
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var manifestUrl = new Uri(locatorBase, "bframes.ism/manifest(encryption=cenc)");
        var manifest = XDocument.Parse(await http.GetStringAsync(manifestUrl, ct));
        var header = manifest.Root!.Element("Protection")?.Element("ProtectionHeader");
        Assert.NotNull(header);
        Assert.Equal("9A04F079-9840-4286-AB92-E65BE0885F95", (string?)header.Attribute("SystemID"));
        var pro = System.Text.Encoding.Unicode.GetString(Convert.FromBase64String(header.Value));
        Assert.Contains(Convert.ToBase64String(KeyId.ToByteArray()), pro, StringComparison.Ordinal);

        // The PIFF SampleEncryptionBox uuid (a2394f52-5a9b-4f14-a244-6c427c648df4) in every fragment.
        byte[] piff = Convert.FromHexString("A2394F525A9B4F14A2446C427C648DF4");
        var groups = await ManifestSegments.SmoothAsync(http, manifestUrl, ct);
        foreach (var group in groups)
        {
            var fragment = await http.GetByteArrayAsync(group.Alternatives[0][0], ct);
            Assert.True(fragment.AsSpan().IndexOf(piff) >= 0, $"{group.Alternatives[0][0]} has no PIFF sample encryption box.");
        }

        Assert.Equal(2, groups.Count);
    }

    [Fact]
    public async Task LicenseTemplates_ReachPlayReadyHeaders_AndDashLaurls_InEveryFormat()
    {
        // The policy's PlayReady and Widevine templates were once dropped: no manifest named a license server.
        var shape = await TestMedia.GetAsync("bframes");
        await using var handle = new TestRegionHandle(await StreamingTestSetup.StartRegionAsync());
        var region = handle.Region;
        var schemes = Schemes("cenc");
        var cenc = schemes["commonEncryptionCenc"]!;
        cenc["enabledProtocols"]!["smoothStreaming"] = true;
        cenc["enabledProtocols"]!["hls"] = true;
        cenc["drm"] = new JsonObject
        {
            ["playReady"] = new JsonObject { ["customLicenseAcquisitionUrlTemplate"] = "https://pr.example.com/{AlternativeMediaId}/{ContentKeyId}" },
            ["widevine"] = new JsonObject { ["customLicenseAcquisitionUrlTemplate"] = "https://wv.example.com/{ContentKeyId}" },
        };
        await OriginEncryptionSetup.PutPoliciesAsync(region, "tpl", schemes);
        var locatorId = Guid.NewGuid();
        var locatorBase = await StreamingTestSetup.PublishAsync(region, shape.Name, shape.Paths, locatorId: locatorId, locatorProperties: new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["assetName"] = shape.Name,
                ["streamingPolicyName"] = "tpl",
                ["streamingLocatorId"] = locatorId.ToString("D"),
                ["alternativeMediaId"] = "title 7",
                ["contentKeys"] = new JsonArray(new JsonObject
                {
                    ["id"] = KeyId.ToString("D"), ["labelReferenceInStreamingPolicy"] = "common", ["value"] = Convert.ToBase64String(KeyValue),
                }),
            },
        });
        var playReadyUrl = $"https://pr.example.com/title%207/{KeyId:D}";
        var laUrl = $"<LA_URL>{playReadyUrl}</LA_URL>";
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();

        var mpdUrl = new Uri(locatorBase, "bframes.ism/manifest(format=mpd-time-csf,encryption=cenc)");
        var mpd = XDocument.Parse(await http.GetStringAsync(mpdUrl, ct));
        XNamespace dash = "urn:mpeg:dash:schema:mpd:2011", dashIf = "https://dashif.org/CPS", mspr = "urn:microsoft:playready";
        var protections = mpd.Descendants(dash + "ContentProtection").ToList();
        var playReady = protections.First(p => ((string?)p.Attribute("schemeIdUri"))!.Contains("9a04f079", StringComparison.Ordinal));
        var widevine = protections.First(p => ((string?)p.Attribute("schemeIdUri"))!.Contains("edef8ba9", StringComparison.Ordinal));
        Assert.Contains(laUrl, System.Text.Encoding.Unicode.GetString(Convert.FromBase64String(playReady.Element(mspr + "pro")!.Value)), StringComparison.Ordinal);
        Assert.Equal(playReadyUrl, playReady.Element(dashIf + "Laurl")?.Value);
        Assert.Equal($"https://wv.example.com/{KeyId:D}", widevine.Element(dashIf + "Laurl")?.Value);

        // The PlayReady pssh of the init segment, the Smooth ProtectionHeader and the HLS PlayReady key carry it too.
        var groups = await ManifestSegments.DashAsync(http, mpdUrl, ct);
        var init = await http.GetByteArrayAsync(groups[0].Inits[0], ct);
        Assert.True(init.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(laUrl)) >= 0, "The init segment's PlayReady pssh has no LA_URL.");
        var smooth = XDocument.Parse(await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/manifest(encryption=cenc)"), ct));
        Assert.Contains(laUrl, System.Text.Encoding.Unicode.GetString(
            Convert.FromBase64String(smooth.Root!.Element("Protection")!.Element("ProtectionHeader")!.Value)), StringComparison.Ordinal);
        var master = await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-cmaf,encryption=cenc)"), ct);
        var media = master.Split('\n').First(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal));
        var playlist = await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/" + media), ct);
        var prTag = playlist.Split('\n').Single(l => l.Contains("com.microsoft.playready", StringComparison.Ordinal));
        var dataUri = prTag[(prTag.IndexOf("base64,", StringComparison.Ordinal) + 7)..prTag.IndexOf("\",KEYFORMAT", StringComparison.Ordinal)];
        Assert.Contains(laUrl, System.Text.Encoding.Unicode.GetString(Convert.FromBase64String(dataUri)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmoothCenc_WithTwoKeys_Is501_WhileDashNamesBoth()
    {
        // One ProtectionHeader per Smooth manifest: audio under a second key could never be decrypted by a player.
        var shape = await TestMedia.GetAsync("bframes");
        await using var handle = new TestRegionHandle(await StreamingTestSetup.StartRegionAsync());
        var region = handle.Region;
        var schemes = Schemes("cenc");
        schemes["commonEncryptionCenc"]!["enabledProtocols"]!["smoothStreaming"] = true;
        schemes["commonEncryptionCenc"]!["contentKeys"]!["keyToTrackMappings"] = new JsonArray(new JsonObject
        {
            ["label"] = "audio",
            ["tracks"] = new JsonArray(new JsonObject
            {
                ["trackSelections"] = new JsonArray(new JsonObject { ["property"] = "FourCC", ["operation"] = "Equal", ["value"] = "mp4a" }),
            }),
        });
        await OriginEncryptionSetup.PutPoliciesAsync(region, "twokeys", schemes);
        var audioKeyId = Guid.NewGuid();
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, "twokeys", Guid.NewGuid(),
            ("common", KeyId, KeyValue), ("audio", audioKeyId, Convert.FromHexString("00112233445566778899AABBCCDDEEFF")));

        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest(encryption=cenc)"), 501, "MPE_ENC_NOT_IMPLEMENTED");
        var clearId = Guid.NewGuid();
        Assert.Equal(201, (await region.PutAsync("streamingLocators/clear",
            new { properties = new { assetName = shape.Name, streamingPolicyName = "Predefined_ClearStreamingOnly", streamingLocatorId = clearId } })).Status);
        var clear = new Uri(region.Server.Addresses.Streaming, clearId.ToString("D") + "/");
        using var http = new HttpClient();
        var fragment = (await ManifestSegments.SmoothAsync(http, new Uri(clear, "bframes.ism/manifest"), TestContext.Current.CancellationToken))
            .SelectMany(g => g.Alternatives[0]).First();
        var relative = fragment.AbsoluteUri[clear.AbsoluteUri.Length..];
        await OriginAssert.ErrorAsync(new Uri(locatorBase, relative[..^1] + ",encryption=cenc)"), 501, "MPE_ENC_NOT_IMPLEMENTED");
        var mpd = await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/manifest(format=mpd-time-csf,encryption=cenc)"), TestContext.Current.CancellationToken);
        Assert.Contains(KeyId.ToString("D"), mpd, StringComparison.Ordinal);
        Assert.Contains(audioKeyId.ToString("D"), mpd, StringComparison.Ordinal);
    }

    private static bool Contains(byte[] data, ReadOnlySpan<byte> fourCc) => data.AsSpan().IndexOf(fourCc) >= 0;
}
