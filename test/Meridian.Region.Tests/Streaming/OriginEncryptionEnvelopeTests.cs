using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// <c>encryption=cbc</c> (AES-128 envelope) HLS: whole segments encrypted with per-segment IVs stated in the playlist, keys
/// from the region's key delivery service; ffmpeg decrypts the TS output to the source's frames; two regions write the same
/// ciphertext; the AMS scheme-selection errors.
/// </summary>
public sealed partial class OriginEncryptionEnvelopeTests
{
    private const string Policy = "envelopeHls";
    private static readonly Guid KeyId = Guid.Parse("5c1a3b7e-2d44-4f0a-9b1e-0f6d2a8c9e31");
    private static readonly byte[] KeyValue = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");

    private static async Task<(TestRegionHandle Handle, Uri Base, MediaShape Shape)> StartAsync(
        string name = "region1", Guid? locatorId = null, JsonObject? envelope = null)
    {
        var shape = await TestMedia.GetAsync("bframes");
        var region = await StreamingTestSetup.StartRegionAsync(name: name);
        await OriginEncryptionSetup.PutPoliciesAsync(region, Policy, new JsonObject { ["envelopeEncryption"] = envelope ?? OriginEncryptionSetup.Envelope() });
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, Policy, locatorId ?? Guid.NewGuid(), ("envelope", KeyId, KeyValue));
        return (new TestRegionHandle(region), locatorBase, shape);
    }

    [Fact]
    public async Task HlsTs_FfmpegDecryptsThroughTheKeyService_ToTheSourceFrames()
    {
        var (handle, locatorBase, shape) = await StartAsync();
        await using var _ = handle;
        var url = new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl)").AbsoluteUri;
        var expected = await Ffmpeg.FrameHashesAsync(shape.VideoSourcePath, "0:v:0");
        var hashes = await Ffmpeg.FrameHashesAsync(url, "0:v:0");
        Assert.Equal(expected.Count, hashes.Count);
        Assert.Equal(expected, hashes);
    }

    [Theory]
    [InlineData("m3u8-aapl", "m3u8-aapl")]
    [InlineData("m3u8-cmaf", "m3u8-cmaf,encryption=cbc")]
    public async Task MediaPlaylists_KeyEverySegmentWithItsOwnIv_AndSegmentsDecryptWithIt(string format, string arguments)
    {
        var (handle, locatorBase, _) = await StartAsync();
        await using var _ = handle;
        using var http = new HttpClient();
        var keyBase = handle.Region.Server.Addresses.KeyDelivery;
        var master = await GetStringAsync(http, new Uri(locatorBase, $"bframes.ism/manifest(format={arguments})"));
        Assert.DoesNotContain("#EXT-X-KEY", master, StringComparison.Ordinal);
        var mediaPath = master.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
        var mediaUrl = new Uri(new Uri(locatorBase, "bframes.ism/"), mediaPath);
        var playlist = await GetStringAsync(http, mediaUrl);

        var lines = playlist.Split('\n');
        var keys = lines.Select((l, i) => (Line: l, Index: i)).Where(x => x.Line.StartsWith("#EXT-X-KEY", StringComparison.Ordinal)).ToList();
        var segments = lines.Where(l => l.StartsWith("Fragments(", StringComparison.Ordinal)).ToList();
        Assert.True(segments.Count >= 2, playlist);
        Assert.Equal(segments.Count, keys.Count);
        var ivs = new HashSet<string>(StringComparer.Ordinal);
        var keyUrl = $"{keyBase.AbsoluteUri}?kid={KeyId:D}";
        foreach (var (line, index) in keys)
        {
            var match = KeyTag().Match(line);
            Assert.True(match.Success, line);
            Assert.Equal(keyUrl, match.Groups["uri"].Value);
            Assert.True(ivs.Add(match.Groups["iv"].Value), $"IV repeated: {line}");
            Assert.StartsWith("#EXTINF:", lines[index + 1], StringComparison.Ordinal);
        }

        if (format == "m3u8-cmaf")
        {
            // EXT-X-MAP precedes every key tag, so the init segment is clear (RFC 8216 §4.3.2.4).
            Assert.True(playlist.IndexOf("#EXT-X-MAP", StringComparison.Ordinal) < playlist.IndexOf("#EXT-X-KEY", StringComparison.Ordinal), playlist);
            var mapUri = Regex.Match(playlist, "#EXT-X-MAP:URI=\"(?<u>[^\"]+)\"").Groups["u"].Value;
            var init = await GetBytesAsync(http, new Uri(mediaUrl, mapUri));
            Assert.Equal("ftyp"u8.ToArray(), init.AsSpan(4, 4).ToArray());
        }

        // The key service hands out the key, and it decrypts each segment with the IV of its tag.
        var key = await GetBytesAsync(http, keyUrl);
        Assert.Equal(KeyValue, key);
        for (var i = 0; i < segments.Count; i++)
        {
            var cipher = await GetBytesAsync(http, new Uri(mediaUrl, segments[i]));
            Assert.Equal(0, cipher.Length % 16);
            var iv = Convert.FromHexString(KeyTag().Match(keys[i].Line).Groups["iv"].Value);
            using var aes = Aes.Create();
            aes.Key = key;
            var clear = aes.DecryptCbc(cipher, iv, PaddingMode.PKCS7);
            if (format == "m3u8-aapl")
            {
                Assert.Equal(0x47, clear[0]);
                Assert.NotEqual(0x47, cipher[0] == 0x47 && cipher[188] == 0x47 ? 0x47 : -1);
            }
            else
            {
                Assert.Equal("styp"u8.ToArray(), clear.AsSpan(4, 4).ToArray());
            }
        }
    }

    [Theory]
    [InlineData("m3u8-aapl")]
    [InlineData("m3u8-aapl-v3")]
    [InlineData("m3u8-cmaf,encryption=cbc")]
    [InlineData("mpd-time-csf,encryption=cbc")]
    public async Task RepeatedRequests_EncryptedIntoTheSendBuffer_AreTheBuiltBytes(string arguments)
    {
        // The first GET builds and learns the ETag; repeats encrypt the rebuilt clear segment straight into the send buffer.
        var (handle, locatorBase, _) = await StartAsync();
        await using var _h = handle;
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var manifest = new Uri(locatorBase, $"bframes.ism/manifest(format={arguments})");
        var groups = arguments.StartsWith("mpd", StringComparison.Ordinal)
            ? await ManifestSegments.DashAsync(http, manifest, ct)
            : await ManifestSegments.HlsAsync(http, manifest, ct);
        var urls = groups.SelectMany(g => g.Alternatives.SelectMany(a => a.Take(3))).ToList();
        Assert.True(urls.Count >= 2, $"only {urls.Count} segments");
        await RepeatedSegmentRequests.AssertSameAsBuiltAsync(http, urls, ct);
    }

    [Fact]
    public async Task TwoRegions_WriteIdenticalCiphertextAndPlaylistsApartFromTheKeyHost()
    {
        var locatorId = Guid.NewGuid();
        var (handle1, base1, _) = await StartAsync("region1", locatorId);
        await using var _1 = handle1;
        var (handle2, base2, _) = await StartAsync("region2", locatorId);
        await using var _2 = handle2;
        using var http = new HttpClient();
        foreach (var format in (string[])["m3u8-aapl", "m3u8-cmaf,encryption=cbc", "m3u8-aapl-v3"])
        {
            const string track = "bframes.ism/QualityLevels(";
            var master1 = await GetStringAsync(http, new Uri(base1, $"bframes.ism/manifest(format={format})"));
            Assert.Equal(master1, await GetStringAsync(http, new Uri(base2, $"bframes.ism/manifest(format={format})")));
            foreach (var media in master1.Split('\n').Where(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal)))
            {
                var playlist1 = await GetStringAsync(http, new Uri(base1, "bframes.ism/" + media));
                var playlist2 = await GetStringAsync(http, new Uri(base2, "bframes.ism/" + media));
                Assert.Equal(
                    playlist1.Replace(handle1.Region.Server.Addresses.KeyDelivery.Authority, "KEY", StringComparison.Ordinal),
                    playlist2.Replace(handle2.Region.Server.Addresses.KeyDelivery.Authority, "KEY", StringComparison.Ordinal));
                Assert.Contains("METHOD=AES-128", playlist1, StringComparison.Ordinal);
                var mediaBase = new Uri(base1, "bframes.ism/" + media);
                foreach (var segment in playlist1.Split('\n').Where(l => l.StartsWith("Fragments(", StringComparison.Ordinal)).Take(3))
                {
                    var path = new Uri(mediaBase, segment).AbsolutePath;
                    var relative = path[(path.IndexOf(track, StringComparison.Ordinal))..];
                    Assert.Equal(await GetBytesAsync(http, new Uri(base1, relative)), await GetBytesAsync(http, new Uri(base2, relative)));
                }
            }
        }
    }

    [Fact]
    public async Task CustomKeyTemplate_NamesTheKeyServer()
    {
        var envelope = OriginEncryptionSetup.Envelope(template: "https://keys.example.test/k/{ContentKeyId}?m={AlternativeMediaId}");
        var (handle, locatorBase, _) = await StartAsync(envelope: envelope);
        await using var _ = handle;
        using var http = new HttpClient();
        var master = await GetStringAsync(http, new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl)"));
        var media = master.Split('\n').First(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal));
        var playlist = await GetStringAsync(http, new Uri(locatorBase, "bframes.ism/" + media));
        Assert.Contains($"URI=\"https://keys.example.test/k/{KeyId:D}?m=\"", playlist, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemeSelectionErrors_FollowAms()
    {
        var (handle, locatorBase, _) = await StartAsync();
        await using var _ = handle;
        // CMAF output of an encrypted policy must name the scheme.
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-cmaf)"), 400, "MPE_ENC_ENCRYPTION_NOT_SPECIFIED_IN_URL");
        // A scheme the policy lacks.
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl,encryption=cenc)"), 403,
            "MPE_ENC_ENCRYPTION_NOT_SET_IN_DELIVERY_POLICY");
        // Smooth is not enabled by the policy.
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest"), 403, "MPE_OUTPUT_FORMAT_BLOCKED");
        // A progressive download is clear output, which an encrypt-only policy refuses.
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.mp4"), 403, "MPE_ENC_ENCRYPTION_REQUIRED");
    }

    [Fact]
    public async Task DashSea_SignalsTheKeyAndIv_AndInitAndSegmentsDecryptWithThem()
    {
        var (handle, locatorBase, _) = await StartAsync();
        await using var _ = handle;
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var mpdUrl = new Uri(locatorBase, "bframes.ism/manifest(format=mpd-time-csf,encryption=cbc)");
        var mpd = System.Xml.Linq.XDocument.Parse(await http.GetStringAsync(mpdUrl, ct));
        System.Xml.Linq.XNamespace sea = "urn:mpeg:dash:schema:sea:2012";
        var periods = mpd.Descendants(sea + "CryptoPeriod").ToList();
        Assert.Equal(2, periods.Count);
        Assert.All(mpd.Descendants(sea + "SegmentEncryption"), e => Assert.Equal("urn:mpeg:dash:sea:aes128-cbc:2013", (string?)e.Attribute("schemeIdUri")));
        Assert.All(periods, p => Assert.Equal($"{handle.Region.Server.Addresses.KeyDelivery.AbsoluteUri}?kid={KeyId:D}", (string?)p.Attribute("keyUriTemplate")));
        var iv = Convert.FromHexString(((string)periods[0].Attribute("IV")!)[2..]);
        foreach (var group in await ManifestSegments.DashAsync(http, mpdUrl, ct))
        {
            using var aes = Aes.Create();
            aes.Key = KeyValue;
            var init = aes.DecryptCbc(await http.GetByteArrayAsync(group.Inits[0], ct), iv, PaddingMode.PKCS7);
            Assert.Equal("ftyp"u8.ToArray(), init.AsSpan(4, 4).ToArray());
            var segment = aes.DecryptCbc(await http.GetByteArrayAsync(group.Alternatives[0][1], ct), iv, PaddingMode.PKCS7);
            Assert.Equal("styp"u8.ToArray(), segment.AsSpan(4, 4).ToArray());
        }
    }

    [Fact]
    public async Task IFramePlaylists_KeyEveryKeyFrameResource()
    {
        var (handle, locatorBase, _) = await StartAsync();
        await using var _ = handle;
        using var http = new HttpClient();
        var master = await GetStringAsync(http, new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl)"));
        var iframes = Regex.Match(master, "#EXT-X-I-FRAME-STREAM-INF:.*URI=\"(?<u>[^\"]+)\"").Groups["u"].Value;
        Assert.NotEmpty(iframes);
        var playlistUrl = new Uri(locatorBase, "bframes.ism/" + iframes);
        var lines = (await GetStringAsync(http, playlistUrl)).Split('\n');
        var frames = lines.Select((l, i) => (Line: l, Index: i)).Where(x => x.Line.StartsWith("Fragments(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(frames);
        var ivs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, index) in frames)
        {
            var match = KeyTag().Match(lines[index - 2]);
            Assert.True(match.Success, $"{lines[index - 2]} before {line}");
            Assert.True(ivs.Add(match.Groups["iv"].Value));
            using var aes = Aes.Create();
            aes.Key = KeyValue;
            var clear = aes.DecryptCbc(await GetBytesAsync(http, new Uri(playlistUrl, line)), Convert.FromHexString(match.Groups["iv"].Value), PaddingMode.PKCS7);
            Assert.True(clear[0] == 0x47 && clear[188] == 0x47, $"{line} does not decrypt to TS.");
        }
    }

    [Fact]
    public async Task ExpiredLocator_RefusesManifestsAndSegments()
    {
        var (handle, _, shape) = await StartAsync();
        await using var _ = handle;
        var now = DateTimeOffset.UtcNow;
        var id = Guid.NewGuid();
        var (status, body) = await handle.Region.PutAsync("streamingLocators/expired", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["assetName"] = shape.Name,
                ["streamingPolicyName"] = Policy,
                ["streamingLocatorId"] = id.ToString("D"),
                ["startTime"] = now.AddHours(-2).ToString("O"),
                ["endTime"] = now.AddHours(-1).ToString("O"),
                ["contentKeys"] = new JsonArray(new JsonObject
                {
                    ["id"] = Guid.NewGuid().ToString("D"), ["labelReferenceInStreamingPolicy"] = "envelope", ["value"] = Convert.ToBase64String(KeyValue),
                }),
            },
        });
        Assert.True(status == 201, body?.ToJsonString());
        var expired = new Uri(handle.Region.Server.Addresses.Streaming, id.ToString("D") + "/");
        foreach (var path in (string[])["bframes.ism/manifest(format=m3u8-aapl)", "bframes.ism/QualityLevels(1)/Fragments(video=0,format=m3u8-aapl)",
            "bframes.ism/QualityLevels(1)/Fragments(video=0,format=m3u8-cmaf,encryption=cbc)"])
        {
            await OriginAssert.ErrorAsync(new Uri(expired, path), 404, "MPE_UNAUTHORIZED");
        }
    }

    [Fact]
    public async Task ClearTracks_LeaveMatchingTracksClear()
    {
        var clearAudio = new JsonArray(new JsonObject
        {
            ["trackSelections"] = new JsonArray(new JsonObject { ["property"] = "FourCC", ["operation"] = "Equal", ["value"] = "mp4a" }),
        });
        var (handle, locatorBase, _) = await StartAsync(envelope: OriginEncryptionSetup.Envelope(clearTracks: clearAudio));
        await using var _ = handle;
        using var http = new HttpClient();
        var master = await GetStringAsync(http, new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl)"));
        var audio = Regex.Match(master, "#EXT-X-MEDIA:TYPE=AUDIO.*URI=\"(?<u>[^\"]+)\"").Groups["u"].Value;
        var video = master.Split('\n').First(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal));
        var audioPlaylist = await GetStringAsync(http, new Uri(locatorBase, "bframes.ism/" + audio));
        var videoPlaylist = await GetStringAsync(http, new Uri(locatorBase, "bframes.ism/" + video));
        Assert.DoesNotContain("#EXT-X-KEY", audioPlaylist, StringComparison.Ordinal);
        Assert.Contains("METHOD=AES-128", videoPlaylist, StringComparison.Ordinal);
        var audioBase = new Uri(locatorBase, "bframes.ism/" + audio);
        var segment = audioPlaylist.Split('\n').First(l => l.StartsWith("Fragments(", StringComparison.Ordinal));
        var bytes = await GetBytesAsync(http, new Uri(audioBase, segment));
        Assert.True(bytes[0] == 0x47 && bytes[188] == 0x47, "The clear audio segment is not a plain TS.");
    }

    private static Task<string> GetStringAsync(HttpClient http, Uri url) => http.GetStringAsync(url, TestContext.Current.CancellationToken);

    private static Task<string> GetStringAsync(HttpClient http, string url) => http.GetStringAsync(url, TestContext.Current.CancellationToken);

    private static Task<byte[]> GetBytesAsync(HttpClient http, Uri url) => http.GetByteArrayAsync(url, TestContext.Current.CancellationToken);

    private static Task<byte[]> GetBytesAsync(HttpClient http, string url) => http.GetByteArrayAsync(url, TestContext.Current.CancellationToken);

    [GeneratedRegex("^#EXT-X-KEY:METHOD=AES-128,URI=\"(?<uri>[^\"]+)\",IV=0x(?<iv>[0-9A-F]{32})$")]
    private static partial Regex KeyTag();
}
