using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Meridian.Region.Streaming;
using Meridian.Region.Tests.Infrastructure;
using Meridian.Region.Tests.Players;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// <c>encryption=cbcs-aapl</c> on MPEG-TS (<c>m3u8-aapl</c>, <c>m3u8-aapl-v3</c>): HLS SAMPLE-AES. ffmpeg decrypts it
/// through the identity key URL (with a bearer token) to the source's video frames and the clear output's audio; hls.js
/// plays it; playlists carry FairPlay and identity key tags with one IV per key; the PMT marks the encrypted streams;
/// <c>clearTracks</c> and <c>keyToTrackMappings</c> apply; two regions write the same bytes; HEVC and <c>cenc</c> on TS are
/// refused with clear errors.
/// </summary>
public sealed partial class OriginSampleAesTests
{
    private const string Policy = "sampleAes";
    private static readonly Guid KeyId = Guid.Parse("9b2e4f61-0c3d-4a5b-8e7f-1a2b3c4d5e6f");
    private static readonly byte[] KeyValue = Convert.FromHexString("C0FFEE00112233445566778899AABBCC");
    private static readonly Guid AudioKeyId = Guid.Parse("1f2e3d4c-5b6a-4798-a6b5-c4d3e2f10a0b");
    private static readonly byte[] AudioKeyValue = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JsonObject Cbcs(bool fairPlay = false, JsonArray? clearTracks = null, bool audioKey = false)
    {
        var scheme = new JsonObject
        {
            ["enabledProtocols"] = new JsonObject { ["download"] = false, ["dash"] = false, ["hls"] = true, ["smoothStreaming"] = false },
            ["contentKeys"] = new JsonObject { ["defaultKey"] = new JsonObject { ["label"] = "cbcs" } },
        };
        if (fairPlay)
        {
            scheme["drm"] = new JsonObject { ["fairPlay"] = new JsonObject { ["allowPersistentLicense"] = false } };
        }

        if (clearTracks is not null)
        {
            scheme["clearTracks"] = clearTracks;
        }

        if (audioKey)
        {
            scheme["contentKeys"]!["keyToTrackMappings"] = new JsonArray(new JsonObject { ["label"] = "audio", ["tracks"] = new JsonArray(Mp4a()) });
        }

        return new JsonObject { ["commonEncryptionCbcs"] = scheme };
    }

    private static JsonObject Mp4a() => new()
    {
        ["trackSelections"] = new JsonArray(new JsonObject { ["property"] = "FourCC", ["operation"] = "Equal", ["value"] = "mp4a" }),
    };

    private static async Task<(TestRegionHandle Handle, Uri Base, MediaShape Shape)> StartAsync(
        JsonObject? schemes = null, string name = "region1", Guid? locatorId = null, string shapeName = "bframes", string? contentKeyPolicy = null,
        Func<TestRegion, Task>? beforePolicies = null, OriginOptions? origin = null)
    {
        var shape = await TestMedia.GetAsync(shapeName);
        var region = await StreamingTestSetup.StartRegionAsync(name: name, origin: origin);
        if (beforePolicies is not null)
        {
            await beforePolicies(region);
        }

        await OriginEncryptionSetup.PutPoliciesAsync(region, Policy, schemes ?? Cbcs(), contentKeyPolicy);
        var audioKey = schemes?["commonEncryptionCbcs"]?["contentKeys"]?["keyToTrackMappings"] is not null;
        var locatorBase = await OriginEncryptionSetup.PublishAsync(region, shape, Policy, locatorId ?? Guid.NewGuid(),
            [("cbcs", KeyId, KeyValue), .. audioKey ? [("audio", AudioKeyId, AudioKeyValue)] : Array.Empty<(string, Guid, byte[])>()]);
        return (new TestRegionHandle(region), locatorBase, shape);
    }

    // A second locator of the same asset under a clear policy: the reference the decrypted output must match.
    private static async Task<Uri> ClearLocatorAsync(TestRegion region, MediaShape shape)
    {
        var id = Guid.NewGuid();
        var (status, body) = await region.PutAsync("streamingLocators/clear", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["assetName"] = shape.Name, ["streamingPolicyName"] = "Predefined_ClearStreamingOnly", ["streamingLocatorId"] = id.ToString("D"),
            },
        });
        Assert.True(status == 201, body?.ToJsonString());
        return new Uri(region.Server.Addresses.Streaming, id.ToString("D") + "/");
    }

    [Theory]
    [InlineData("m3u8-aapl")]
    [InlineData("m3u8-aapl-v3")]
    public async Task Ffmpeg_DecryptsThroughTheKeyUrlWithAToken_ToTheSourceVideoAndTheClearAudio(string format)
    {
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var (handle, locatorBase, shape) = await StartAsync(contentKeyPolicy: "tok", beforePolicies: region =>
            KeyDelivery.KeyDeliveryTestData.PutPolicyAsync(region, "tok",
                KeyDelivery.KeyDeliveryTestData.TokenOption(KeyDelivery.KeyDeliveryTestData.SymmetricKey(secret))));
        await using var _ = handle;
        var region = handle.Region;
        var (withSecrets, policyJson) = await region.PostAsync("contentKeyPolicies/tok/getPolicyPropertiesWithSecrets");
        Assert.Equal(200, withSecrets);
        var policy = Meridian.Region.ControlPlane.Arm.ArmJson.Read<Meridian.Region.ControlPlane.ContentKeyPolicies.ContentKeyPolicyProperties>(
            policyJson!, "properties");
        var token = Meridian.Region.KeyDelivery.TokenMinter.Mint(policy,
            new Meridian.Region.KeyDelivery.TokenMintOptions { Now = DateTimeOffset.UtcNow, ContentKeyId = KeyId });
        using (var http = new HttpClient())
        {
            using var refused = await http.GetAsync($"{region.Server.Addresses.KeyDelivery.AbsoluteUri}?kid={KeyId:D}", Token);
            Assert.Equal(401, (int)refused.StatusCode);
        }

        var clearBase = await ClearLocatorAsync(region, shape);
        var url = new Uri(locatorBase, $"bframes.ism/manifest(format={format},encryption=cbcs-aapl)").AbsoluteUri;
        var clearUrl = new Uri(clearBase, $"bframes.ism/manifest(format={format})").AbsoluteUri;

        var expectedVideo = await Ffmpeg.FrameHashesAsync(shape.VideoSourcePath, "0:v:0");
        var video = await HashesAsync(url, "0:v:0", "Bearer " + token);
        AssertSameFramesButTheFlushedTail(expectedVideo, video, 3);

        // ffmpeg opens an audio rendition of a master playlist with avformat_find_stream_info on its still-encrypted packets
        // (it expects SAMPLE-AES audio renditions to be packed audio with ID3 setup information) and fails, so demuxed
        // audio is read through its own media playlist.
        if (format == "m3u8-aapl")
        {
            (url, clearUrl) = (await AudioPlaylistAsync(url), await AudioPlaylistAsync(clearUrl));
        }

        var expectedAudio = await Ffmpeg.FrameHashesAsync(clearUrl, "0:a:0");
        var audio = await HashesAsync(url, "0:a:0", "Bearer " + token);
        Assert.True(expectedAudio.Count > 100, $"{expectedAudio.Count} audio frames");
        AssertSameFramesButTheFlushedTail(expectedAudio, audio, 1);
    }

    /// <summary>
    /// ffmpeg 5.1's HLS demuxer decrypts a SAMPLE-AES packet with the key of <c>current_segment()</c>, which is past the end
    /// of the playlist when the TS demuxer and parsers flush their last packets at end of input: those last access units
    /// reach the decoder still encrypted (the test output shows them with the encrypted blocks of our layout, undecrypted).
    /// Every frame before them must match exactly; <paramref name="tail"/> frames at the end may not.
    /// </summary>
    private static void AssertSameFramesButTheFlushedTail(IReadOnlyList<string> expected, IReadOnlyList<string> actual, int tail)
    {
        Assert.Equal(expected.Count, actual.Count);
        var first = Enumerable.Range(0, expected.Count).FirstOrDefault(i => expected[i] != actual[i], -1);
        TestContext.Current.TestOutputHelper?.WriteLine($"{expected.Count} frames, first difference at {first}");
        Assert.True(first < 0 || first >= expected.Count - tail, $"frame {first} of {expected.Count} differs");
    }

    [Theory]
    [InlineData("m3u8-aapl")]
    [InlineData("m3u8-aapl-v3")]
    public async Task HlsJs_PlaysSampleAesTs_WithTheIdentityKey(string format)
    {
        var (handle, locatorBase, _) = await StartAsync(Cbcs(fairPlay: true));
        await using var _ = handle;
        var result = await PlayerHarness.PlayAsync(PlayerKind.Hls, new Uri(locatorBase, $"bframes.ism/manifest(format={format},encryption=cbcs-aapl)"),
            new PlayerOptions { PlaybackRate = 4, Timeout = TimeSpan.FromSeconds(90) });
        Assert.True(result.Ok, result.ToString());
        Assert.True(result.Ended, result.ToString());
        Assert.Empty(result.FailedRequests);
        Assert.DoesNotContain(result.Errors, e => e.Fatal);
        Assert.InRange(result.Duration ?? 0, 3.8, 4.2);
        var keyUrl = $"{handle.Region.Server.Addresses.KeyDelivery.AbsoluteUri}?kid={KeyId:D}";
        Assert.Contains(result.Responses, r => r.Status == 200 && r.Url == keyUrl);
    }

    [Fact]
    public async Task Playlists_SignalFairPlayThenIdentity_WithOneIvPerKey_AndSegmentsMarkTheEncryptedStreams()
    {
        var (handle, locatorBase, _) = await StartAsync(Cbcs(fairPlay: true, audioKey: true));
        await using var _ = handle;
        using var http = new HttpClient();
        var keyBase = handle.Region.Server.Addresses.KeyDelivery.AbsoluteUri;
        var master = await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl,encryption=cbcs-aapl)"), Token);
        Assert.DoesNotContain("#EXT-X-KEY", master, StringComparison.Ordinal);
        var audioPath = Regex.Match(master, "#EXT-X-MEDIA:TYPE=AUDIO.*URI=\"(?<u>[^\"]+)\"").Groups["u"].Value;
        var videoPath = master.Split('\n').First(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal));
        var ivs = new List<string>();
        foreach (var (path, kid, streamType) in new[] { (videoPath, KeyId, 0xDB), (audioPath, AudioKeyId, 0xCF) })
        {
            var playlistUrl = new Uri(locatorBase, "bframes.ism/" + path);
            var playlist = await http.GetStringAsync(playlistUrl, Token);
            Assert.Contains("#EXT-X-VERSION:5\n", playlist, StringComparison.Ordinal);
            var keys = playlist.Split('\n').Where(l => l.StartsWith("#EXT-X-KEY", StringComparison.Ordinal)).Select(l => KeyTag().Match(l)).ToList();
            Assert.Equal(2, keys.Count);
            Assert.All(keys, k => Assert.True(k.Success, playlist));
            Assert.Equal(($"skd://{new Uri(keyBase).Authority}/FairPlay/?kid={kid:D}", "com.apple.streamingkeydelivery"),
                (keys[0].Groups["uri"].Value, keys[0].Groups["format"].Value));
            Assert.Equal(($"{keyBase}?kid={kid:D}", "identity"), (keys[1].Groups["uri"].Value, keys[1].Groups["format"].Value));
            Assert.Equal(keys[0].Groups["iv"].Value, keys[1].Groups["iv"].Value);
            Assert.True(playlist.IndexOf("#EXT-X-KEY", StringComparison.Ordinal) < playlist.IndexOf("#EXTINF", StringComparison.Ordinal));
            ivs.Add(keys[0].Groups["iv"].Value);

            var (segments, _) = await ManifestSegments.HlsMediaAsync(http, playlistUrl, Token);
            var segment = await http.GetByteArrayAsync(segments[0], Token);
            Assert.Equal([streamType], PmtStreamTypes(segment));
        }

        Assert.NotEqual(ivs[0], ivs[1]);

        // One key tag covers a muxed v3 segment, so different video and audio keys cannot be muxed.
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl-v3,encryption=cbcs-aapl)"), 501,
            "MPE_ENC_NOT_IMPLEMENTED");
    }

    [Fact]
    public async Task ClearTracks_LeaveTheAudioClear()
    {
        var (handle, locatorBase, _) = await StartAsync(Cbcs(clearTracks: new JsonArray(Mp4a())));
        await using var _ = handle;
        using var http = new HttpClient();
        var masterUrl = new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl,encryption=cbcs-aapl)");
        var master = await http.GetStringAsync(masterUrl, Token);
        var audioPath = Regex.Match(master, "#EXT-X-MEDIA:TYPE=AUDIO.*URI=\"(?<u>[^\"]+)\"").Groups["u"].Value;
        var videoPath = master.Split('\n').First(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal));
        Assert.DoesNotContain("#EXT-X-KEY", await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/" + audioPath), Token), StringComparison.Ordinal);
        Assert.Contains("METHOD=SAMPLE-AES", await http.GetStringAsync(new Uri(locatorBase, "bframes.ism/" + videoPath), Token), StringComparison.Ordinal);
        var groups = await ManifestSegments.HlsAsync(http, masterUrl, Token);
        var video = groups.Single(g => g.Name == "video");
        var audio = groups.Single(g => g.Name != "video");
        Assert.Equal([0xDB], PmtStreamTypes(await http.GetByteArrayAsync(video.Alternatives[0][0], Token)));
        Assert.Equal([0x0F], PmtStreamTypes(await http.GetByteArrayAsync(audio.Alternatives[0][0], Token)));
        await OriginAssert.ErrorAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-aapl-v3,encryption=cbcs-aapl)"), 501,
            "MPE_ENC_NOT_IMPLEMENTED");
    }

    [Fact]
    public async Task TwoRegions_WriteIdenticalSegmentsAndPlaylistsApartFromTheKeyHost()
    {
        var locatorId = Guid.NewGuid();
        var (handle1, base1, _) = await StartAsync(Cbcs(fairPlay: true), name: "region1", locatorId: locatorId);
        await using var _1 = handle1;
        var (handle2, base2, _) = await StartAsync(Cbcs(fairPlay: true), name: "region2", locatorId: locatorId);
        await using var _2 = handle2;
        using var http = new HttpClient();
        var compared = 0;
        foreach (var format in (string[])["m3u8-aapl", "m3u8-aapl-v3"])
        {
            var master = new Uri(base1, $"bframes.ism/manifest(format={format},encryption=cbcs-aapl)");
            foreach (var group in await ManifestSegments.HlsAsync(http, master, Token))
            {
                foreach (var url in group.Alternatives[0].Take(2))
                {
                    var other = new Uri(base2, base1.MakeRelativeUri(url));
                    Assert.Equal(await http.GetByteArrayAsync(url, Token), await http.GetByteArrayAsync(other, Token));
                    compared++;
                }
            }

            var text1 = await http.GetStringAsync(master, Token);
            foreach (var media in text1.Split('\n').Where(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal)))
            {
                var playlist1 = await http.GetStringAsync(new Uri(base1, "bframes.ism/" + media), Token);
                var playlist2 = await http.GetStringAsync(new Uri(base2, "bframes.ism/" + media), Token);
                Assert.Contains("METHOD=SAMPLE-AES", playlist1, StringComparison.Ordinal);
                Assert.Equal(
                    playlist1.Replace(handle1.Region.Server.Addresses.KeyDelivery.Authority, "KEY", StringComparison.Ordinal),
                    playlist2.Replace(handle2.Region.Server.Addresses.KeyDelivery.Authority, "KEY", StringComparison.Ordinal));
            }
        }

        Assert.True(compared >= 6, $"{compared} segments compared");
    }

    [Fact]
    public async Task TwoRegions_GivenOneKeyDeliveryName_WriteIdenticalPlaylists()
    {
        // The identity key of TS SAMPLE-AES has no policy template; the origin's KeyDeliveryBaseUrl names a global host.
        var locatorId = Guid.NewGuid();
        var global = new OriginOptions { KeyDeliveryBaseUrl = new Uri("https://keys.example.com/") };
        var (handle1, base1, _) = await StartAsync(Cbcs(fairPlay: true), name: "region1", locatorId: locatorId, origin: global);
        await using var _1 = handle1;
        var (handle2, base2, _) = await StartAsync(Cbcs(fairPlay: true), name: "region2", locatorId: locatorId, origin: global);
        await using var _2 = handle2;
        using var http = new HttpClient();
        var master = await http.GetStringAsync(new Uri(base1, "bframes.ism/manifest(format=m3u8-aapl,encryption=cbcs-aapl)"), Token);
        var media = master.Split('\n').Where(l => l.StartsWith("QualityLevels(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(media);
        foreach (var line in media)
        {
            var playlist1 = await http.GetStringAsync(new Uri(base1, "bframes.ism/" + line), Token);
            var playlist2 = await http.GetStringAsync(new Uri(base2, "bframes.ism/" + line), Token);
            Assert.Contains($"URI=\"https://keys.example.com/?kid={KeyId:D}\"", playlist1, StringComparison.Ordinal);
            Assert.Contains($"URI=\"skd://keys.example.com/FairPlay/?kid={KeyId:D}\"", playlist1, StringComparison.Ordinal);
            Assert.DoesNotContain(handle1.Region.Server.Addresses.KeyDelivery.Host, playlist1, StringComparison.Ordinal);
            Assert.Equal(playlist1, playlist2);
        }
    }

    [Fact]
    public async Task Hevc_IsRefusedWithAFormatError()
    {
        var (handle, locatorBase, shape) = await StartAsync(shapeName: "hevc");
        await using var _ = handle;
        var ism = shape.ManifestName + ".ism";
        await OriginAssert.ErrorAsync(new Uri(locatorBase, $"{ism}/manifest(format=m3u8-aapl,encryption=cbcs-aapl)"), 415, "MPE_MEDIA_FORMAT_NOT_SUPPORTED");
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(locatorBase, $"{ism}/manifest(format=m3u8-aapl,encryption=cbcs-aapl)"), Token);
        Assert.Contains("H.264", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CencOnTs_IsNotImplemented_AndSaysSo()
    {
        var schemes = new JsonObject
        {
            ["commonEncryptionCenc"] = new JsonObject
            {
                ["enabledProtocols"] = new JsonObject { ["download"] = false, ["dash"] = false, ["hls"] = true, ["smoothStreaming"] = false },
                ["contentKeys"] = new JsonObject { ["defaultKey"] = new JsonObject { ["label"] = "cbcs" } },
            },
        };
        var (handle, locatorBase, _) = await StartAsync(schemes);
        await using var _ = handle;
        foreach (var format in (string[])["m3u8-aapl", "m3u8-aapl-v3"])
        {
            var url = new Uri(locatorBase, $"bframes.ism/manifest(format={format},encryption=cenc)");
            await OriginAssert.ErrorAsync(url, 501, "MPE_ENC_NOT_IMPLEMENTED");
            using var http = new HttpClient();
            var body = await (await http.GetAsync(url, Token)).Content.ReadAsStringAsync(Token);
            Assert.Contains("PlayReady on HLS TS", body, StringComparison.Ordinal);
        }

        await OriginAssert.OkAsync(new Uri(locatorBase, "bframes.ism/manifest(format=m3u8-cmaf,encryption=cenc)"));
    }

    private static async Task<string> AudioPlaylistAsync(string master)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(master, Token);
        var path = Regex.Match(text, "#EXT-X-MEDIA:TYPE=AUDIO.*URI=\"(?<u>[^\"]+)\"").Groups["u"].Value;
        Assert.NotEmpty(path);
        return new Uri(new Uri(master), path).AbsoluteUri;
    }

    private static async Task<IReadOnlyList<string>> HashesAsync(string url, string map, string authorization)
    {
        var (code, output) = await ProcessRunner.RunAsync("ffmpeg",
            ["-v", "error", "-nostdin", "-rw_timeout", "20000000", "-headers", $"Authorization: {authorization}\r\n", .. Ffmpeg.InputOptions(url),
                "-i", url, "-map", map, "-f", "framemd5", "-"], Path.GetTempPath(), null, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"ffmpeg framemd5 {url} failed: {output}");
        return [.. output.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(',').Select(p => p.Trim()).ToArray())
            .Where(p => p.Length == 6)
            .Select(p => p[5])];
    }

    // The stream types of the PMT (the second packet of every segment), in PMT order.
    private static List<int> PmtStreamTypes(byte[] segment)
    {
        Assert.True(segment.Length >= 376 && segment[188] == 0x47, "not a transport stream");
        var packet = segment.AsSpan(188, 188);
        Assert.Equal(0x1000, ((packet[1] & 0x1F) << 8) | packet[2]);
        var section = packet[(5 + packet[4])..];
        var end = 3 + (((section[1] & 0x0F) << 8) | section[2]) - 4;
        var p = 12 + (((section[10] & 0x0F) << 8) | section[11]);
        var types = new List<int>();
        while (p < end)
        {
            types.Add(section[p]);
            p += 5 + (((section[p + 3] & 0x0F) << 8) | section[p + 4]);
        }

        return types;
    }

    [GeneratedRegex("^#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"(?<uri>[^\"]+)\",IV=0x(?<iv>[0-9A-F]{32}),KEYFORMAT=\"(?<format>[^\"]+)\",KEYFORMATVERSIONS=\"1\"$")]
    private static partial Regex KeyTag();
}
