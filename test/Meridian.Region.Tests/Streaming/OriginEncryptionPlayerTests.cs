using System.Text.Json.Nodes;
using Meridian.Region.Tests.Players;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Real players in headless Chromium play encrypted origin output with keys from the region's key delivery service:
/// hls.js AES-128 HLS (TS and CMAF) through the <c>EXT-X-KEY</c> URI; Shaka and dash.js DASH <c>cenc</c>, and Shaka
/// <c>cbcs</c>, through ClearKey EME with the region's ClearKey license URL.
/// </summary>
public sealed class OriginEncryptionPlayerTests
{
    private static readonly Guid KeyId = Guid.Parse("3e6a9f10-52c4-4d8b-a7e2-6b1f0c9d8a75");
    private static readonly byte[] KeyValue = Convert.FromHexString("A1B2C3D4E5F60718293A4B5C6D7E8F90");

    private static readonly PlayerOptions Fast = new() { PlaybackRate = 4, Timeout = TimeSpan.FromSeconds(90) };

    private static async Task<(TestRegionHandle Handle, Uri Base)> StartAsync(string schemeProperty, JsonObject scheme)
    {
        var shape = await TestMedia.GetAsync("bframes");
        var region = await StreamingTestSetup.StartRegionAsync();
        await OriginEncryptionSetup.PutPoliciesAsync(region, "protected", new JsonObject { [schemeProperty] = scheme });
        var label = (string)scheme["contentKeys"]!["defaultKey"]!["label"]!;
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, "protected", Guid.NewGuid(), (label, KeyId, KeyValue));
        return (new TestRegionHandle(region), locatorBase);
    }

    private static JsonObject Common(string label) => new()
    {
        ["enabledProtocols"] = new JsonObject { ["download"] = false, ["dash"] = true, ["hls"] = true, ["smoothStreaming"] = false },
        ["contentKeys"] = new JsonObject { ["defaultKey"] = new JsonObject { ["label"] = label } },
    };

    [Theory]
    [InlineData("m3u8-aapl")]
    [InlineData("m3u8-cmaf,encryption=cbc")]
    public async Task HlsJs_PlaysAes128Hls_ThroughTheKeyService(string format)
    {
        var (handle, locatorBase) = await StartAsync("envelopeEncryption", OriginEncryptionSetup.Envelope());
        await using var _ = handle;
        var result = await PlayerHarness.PlayAsync(PlayerKind.Hls, new Uri(locatorBase, $"bframes.ism/manifest(format={format})"), Fast);
        AssertPlayed(result);
        var keyUrl = $"{handle.Region.Server.Addresses.KeyDelivery.AbsoluteUri}?kid={KeyId:D}";
        Assert.Contains(result.Responses, r => r.Status == 200 && r.Url == keyUrl);
    }

    [Theory]
    [InlineData("mpd-time-csf")]
    [InlineData("mpd-time-cmaf")]
    public async Task Shaka_PlaysAes128DashSea_ThroughTheKeyService(string format)
    {
        var (handle, locatorBase) = await StartAsync("envelopeEncryption", OriginEncryptionSetup.Envelope());
        await using var _ = handle;
        var result = await PlayerHarness.PlayAsync(PlayerKind.Shaka, new Uri(locatorBase, $"bframes.ism/manifest(format={format},encryption=cbc)"), Fast);
        AssertPlayed(result);
        var keyUrl = $"{handle.Region.Server.Addresses.KeyDelivery.AbsoluteUri}?kid={KeyId:D}";
        Assert.Contains(result.Responses, r => r.Status == 200 && r.Url == keyUrl);
    }

    [Theory]
    [InlineData(PlayerKind.Shaka, "cenc", "mpd-time-csf")]
    [InlineData(PlayerKind.Dash, "cenc", "mpd-time-csf")]
    [InlineData(PlayerKind.Shaka, "cenc", "mpd-time-cmaf")]
    [InlineData(PlayerKind.Shaka, "cbcs", "mpd-time-csf")]
    [InlineData(PlayerKind.Hls, "cbcs", "m3u8-cmaf")]
    [InlineData(PlayerKind.Hls, "cenc", "m3u8-cmaf")]
    public async Task Players_PlayCommonEncryption_ThroughClearKeyEme(PlayerKind player, string scheme, string format)
    {
        var (handle, locatorBase) = await StartAsync(scheme == "cenc" ? "commonEncryptionCenc" : "commonEncryptionCbcs", Common(scheme));
        await using var _ = handle;
        var license = new Uri(handle.Region.Server.Addresses.KeyDelivery, "ClearKey/");
        var result = await PlayerHarness.PlayAsync(player, new Uri(locatorBase, $"bframes.ism/manifest(format={format},encryption={scheme})"),
            Fast with { LicenseUrl = license });
        AssertPlayed(result);
        Assert.Contains(result.Responses, r => r.Status == 200 && r.Url.StartsWith(license.AbsoluteUri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shaka_PlaysCenc_WithAKeyPerTrackTypeFromKeyToTrackMappings()
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var handle = new TestRegionHandle(await StreamingTestSetup.StartRegionAsync());
        var region = handle.Region;
        var scheme = Common("common");
        scheme["contentKeys"]!["keyToTrackMappings"] = new JsonArray(new JsonObject
        {
            ["label"] = "audio",
            ["tracks"] = new JsonArray(new JsonObject
            {
                ["trackSelections"] = new JsonArray(new JsonObject { ["property"] = "FourCC", ["operation"] = "Equal", ["value"] = "mp4a" }),
            }),
        });
        await OriginEncryptionSetup.PutPoliciesAsync(region, "mapped", new JsonObject { ["commonEncryptionCenc"] = scheme });
        var audioKid = Guid.Parse("0a1b2c3d-4e5f-4061-8273-8495a6b7c8d9");
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, "mapped", Guid.NewGuid(),
            ("common", KeyId, KeyValue), ("audio", audioKid, Convert.FromHexString("0F1E2D3C4B5A69788796A5B4C3D2E1F0")));
        var manifest = new Uri(locatorBase, "bframes.ism/manifest(format=mpd-time-csf,encryption=cenc)");
        using var http = new HttpClient();
        var mpd = System.Xml.Linq.XDocument.Parse(await http.GetStringAsync(manifest, TestContext.Current.CancellationToken));
        System.Xml.Linq.XNamespace dash = "urn:mpeg:dash:schema:mpd:2011";
        System.Xml.Linq.XNamespace cenc = "urn:mpeg:cenc:2013";
        string? Kid(string type) => mpd.Descendants(dash + "AdaptationSet").Where(a => (string?)a.Attribute("contentType") == type)
            .SelectMany(a => a.Elements(dash + "ContentProtection")).Select(c => (string?)c.Attribute(cenc + "default_KID")).First(k => k is not null);
        Assert.Equal(KeyId.ToString("D"), Kid("video"));
        Assert.Equal(audioKid.ToString("D"), Kid("audio"));

        var result = await PlayerHarness.PlayAsync(PlayerKind.Shaka, manifest,
            Fast with { LicenseUrl = new Uri(region.Server.Addresses.KeyDelivery, "ClearKey/") });
        AssertPlayed(result);
    }

    [Fact]
    public async Task HlsJs_PlaysAes128Hls_WithABearerTokenForATokenRestrictedKey()
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var handle = new TestRegionHandle(await StreamingTestSetup.StartRegionAsync());
        var region = handle.Region;
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await KeyDelivery.KeyDeliveryTestData.PutPolicyAsync(region, "tok",
            KeyDelivery.KeyDeliveryTestData.TokenOption(KeyDelivery.KeyDeliveryTestData.SymmetricKey(secret)));
        await OriginEncryptionSetup.PutPoliciesAsync(region, "envelope", new JsonObject { ["envelopeEncryption"] = OriginEncryptionSetup.Envelope() }, "tok");
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, "envelope", Guid.NewGuid(), ("envelope", KeyId, KeyValue));
        var (withSecrets, policyJson) = await region.PostAsync("contentKeyPolicies/tok/getPolicyPropertiesWithSecrets");
        Assert.Equal(200, withSecrets);
        var policy = Meridian.Region.ControlPlane.Arm.ArmJson.Read<Meridian.Region.ControlPlane.ContentKeyPolicies.ContentKeyPolicyProperties>(
            policyJson!, "properties");
        var token = Meridian.Region.KeyDelivery.TokenMinter.Mint(policy,
            new Meridian.Region.KeyDelivery.TokenMintOptions { Now = DateTimeOffset.UtcNow, ContentKeyId = KeyId });
        var keyUrl = $"{region.Server.Addresses.KeyDelivery.AbsoluteUri}?kid={KeyId:D}";
        using (var http = new HttpClient())
        {
            using var refused = await http.GetAsync(keyUrl, TestContext.Current.CancellationToken);
            Assert.Equal(401, (int)refused.StatusCode);
        }

        var result = await PlayerHarness.PlayAsync(PlayerKind.Hls, new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl)"),
            Fast with { KeyHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token } });
        AssertPlayed(result);
        Assert.Contains(result.Responses, r => r.Status == 200 && r.Url == keyUrl);
    }

    private static void AssertPlayed(PlayerResult result)
    {
        Assert.True(result.Ok, result.ToString());
        Assert.True(result.Ended, result.ToString());
        Assert.Empty(result.FailedRequests);
        Assert.DoesNotContain(result.Errors, e => e.Fatal);
        Assert.InRange(result.Duration ?? 0, 3.8, 4.2);
    }
}
