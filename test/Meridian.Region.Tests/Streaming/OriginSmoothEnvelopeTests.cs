using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Smooth Streaming with <c>encryption=cbc</c> (AES-128 envelope), as AMS answered <c>manifest(encryption=cbc)</c>: a
/// <c>ProtectionHeader</c> of system <c>B47B251A-…</c> carrying the DASH-SEA key URL and IV, and every fragment encrypted
/// whole. The key from the header's URL and its IV turn each fragment back into the clear fragment byte for byte.
/// </summary>
public sealed class OriginSmoothEnvelopeTests
{
    private const string Policy = "smoothEnvelope";
    private static readonly Guid KeyId = Guid.Parse("6d5c4b3a-2918-4706-95a4-b3c2d1e0f9a8");
    private static readonly byte[] KeyValue = Convert.FromHexString("5A4B3C2D1E0F00112233445566778899");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JsonObject Envelope(bool audioKey = false)
    {
        var envelope = OriginEncryptionSetup.Envelope(dash: false);
        envelope["enabledProtocols"]!["smoothStreaming"] = true;
        if (audioKey)
        {
            envelope["contentKeys"]!["keyToTrackMappings"] = new JsonArray(new JsonObject
            {
                ["label"] = "audio",
                ["tracks"] = new JsonArray(new JsonObject
                {
                    ["trackSelections"] = new JsonArray(new JsonObject { ["property"] = "FourCC", ["operation"] = "Equal", ["value"] = "mp4a" }),
                }),
            });
        }

        return new JsonObject { ["envelopeEncryption"] = envelope };
    }

    private static async Task<(TestRegionHandle Handle, Uri Base, Uri ClearBase)> StartAsync(bool audioKey = false)
    {
        var shape = await TestMedia.GetAsync("bframes");
        var region = await StreamingTestSetup.StartRegionAsync();
        await OriginEncryptionSetup.PutPoliciesAsync(region, Policy, Envelope(audioKey));
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, Policy, Guid.NewGuid(),
            [("envelope", KeyId, KeyValue), .. audioKey ? [("audio", Guid.NewGuid(), RandomNumberGenerator.GetBytes(16))] : Array.Empty<(string, Guid, byte[])>()]);
        var clearId = Guid.NewGuid();
        var (status, body) = await region.PutAsync("streamingLocators/clear", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["assetName"] = shape.Name, ["streamingPolicyName"] = "Predefined_ClearStreamingOnly", ["streamingLocatorId"] = clearId.ToString("D"),
            },
        });
        Assert.True(status == 201, body?.ToJsonString());
        return (new TestRegionHandle(region), locatorBase, new Uri(region.Server.Addresses.Streaming, clearId.ToString("D") + "/"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("format=fmp4-v20,")]
    public async Task ProtectionHeader_CarriesTheKeyUrlAndIv_AndEveryFragmentDecryptsToTheClearFragment(string format)
    {
        var (handle, locatorBase, clearBase) = await StartAsync();
        await using var _ = handle;
        using var http = new HttpClient();
        var manifestUrl = new Uri(locatorBase, $"bframes.ism/manifest({format}encryption=cbc)");
        var manifest = XDocument.Parse(await http.GetStringAsync(manifestUrl, Token));
        var header = manifest.Root!.Element("Protection")?.Element("ProtectionHeader");
        Assert.NotNull(header);
        Assert.Equal("B47B251A-2409-4B42-958E-08DBAE7B4EE9", (string?)header.Attribute("SystemID"));
        XNamespace sea = "urn:mpeg:dash:schema:sea:2012";
        var protection = header.Element("ContentProtection");
        Assert.NotNull(protection);
        Assert.Equal("urn:mpeg:dash:sea:2012", (string?)protection.Attribute("schemeIdUri"));
        Assert.Equal("urn:mpeg:dash:sea:aes128-cbc:2013", (string?)protection.Element(sea + "SegmentEncryption")?.Attribute("schemeIdUri"));
        Assert.Equal("urn:mpeg:dash:sea:keysys:http:2013", (string?)protection.Element(sea + "KeySystem")?.Attribute("keySystemUri"));
        var period = protection.Element(sea + "CryptoPeriod")!;
        var keyUrl = (string)period.Attribute("keyUriTemplate")!;
        Assert.Equal($"{handle.Region.Server.Addresses.KeyDelivery.AbsoluteUri}?kid={KeyId:D}", keyUrl);
        var ivText = (string)period.Attribute("IV")!;
        Assert.Matches("^0x[0-9A-F]{32}$", ivText);
        var iv = Convert.FromHexString(ivText[2..]);

        var key = await http.GetByteArrayAsync(keyUrl, Token);
        Assert.Equal(KeyValue, key);
        using var aes = Aes.Create();
        aes.Key = key;
        var encryptedGroups = await ManifestSegments.SmoothAsync(http, manifestUrl, Token);
        var clearGroups = await ManifestSegments.SmoothAsync(http, new Uri(clearBase, $"bframes.ism/manifest({format.TrimEnd(',')})"), Token);
        Assert.Equal(2, encryptedGroups.Count);
        var fragments = 0;
        for (var g = 0; g < encryptedGroups.Count; g++)
        {
            var encrypted = encryptedGroups[g].Alternatives.SelectMany(a => a).ToList();
            var clear = clearGroups[g].Alternatives.SelectMany(a => a).ToList();
            Assert.Equal(clear.Count, encrypted.Count);
            for (var f = 0; f < encrypted.Count; f++)
            {
                var cipher = await http.GetByteArrayAsync(encrypted[f], Token);
                var plain = await http.GetByteArrayAsync(clear[f], Token);
                Assert.Equal(0, cipher.Length % 16);
                Assert.NotEqual("moof"u8.ToArray(), cipher.AsSpan(4, 4).ToArray());
                Assert.Equal(plain, aes.DecryptCbc(cipher, iv, PaddingMode.PKCS7));
                fragments++;
            }
        }

        Assert.True(fragments >= 4, $"{fragments} fragments");
    }

    [Fact]
    public async Task DifferentKeysPerTrack_AreRefused_BecauseSmoothNamesOneKey()
    {
        var (handle, locatorBase, clearBase) = await StartAsync(audioKey: true);
        await using var _ = handle;
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest(encryption=cbc)"), 501, "MPE_ENC_NOT_IMPLEMENTED");
        using var http = new HttpClient();
        var clearGroups = await ManifestSegments.SmoothAsync(http, new Uri(clearBase, "bframes.ism/manifest"), Token);
        var fragment = clearBase.MakeRelativeUri(clearGroups[0].Alternatives[0][0]).OriginalString;
        Assert.EndsWith(")", fragment, StringComparison.Ordinal);
        await OriginAssert.ErrorAsync(new Uri(locatorBase, fragment[..^1] + ",encryption=cbc)"), 501, "MPE_ENC_NOT_IMPLEMENTED");
    }
}
