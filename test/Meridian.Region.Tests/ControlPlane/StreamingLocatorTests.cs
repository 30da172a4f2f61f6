using System.Text.Json.Nodes;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.ControlPlane;

public sealed class StreamingLocatorTests
{
    private const string EndOfTime = "9999-12-31T23:59:59.9999999Z";

    private static async Task<TestRegion> StartWithAssetAsync(Action<Meridian.Region.Hosting.RegionOptions>? configure = null)
    {
        var region = await TestRegion.StartWithAccountAsync(configure);
        await StreamingTestData.CreateAssetAsync(region, "a1");
        await StreamingTestData.CreateContentKeyPolicyAsync(region, "ckp1");
        return region;
    }

    private static object Protocols(bool dash = true, bool hls = true, bool smooth = true) =>
        new { download = false, dash, hls, smoothStreaming = smooth };

    [Fact]
    public async Task Put_ClearLocator_Returns201WithAmsDefaults()
    {
        await using var region = await StartWithAssetAsync();
        var (status, body) = await StreamingTestData.CreateLocatorAsync(region, "loc1",
            new { assetName = "A1", streamingPolicyName = "predefined_clearstreamingonly" });

        Assert.Equal(201, status);
        Assert.Equal("Microsoft.Media/mediaservices/streamingLocators", (string?)body!["type"]);
        var props = body["properties"]!;
        Assert.Equal("a1", (string?)props["assetName"]);
        Assert.Equal("Predefined_ClearStreamingOnly", (string?)props["streamingPolicyName"]);
        Assert.Equal(EndOfTime, (string?)props["endTime"]);
        Assert.Null(props["startTime"]);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", (string?)props["streamingLocatorId"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", (string?)props["created"]);
        Assert.Empty(props["contentKeys"]!.AsArray());

        var (getStatus, got) = await region.GetAsync("streamingLocators/loc1");
        Assert.Equal(200, getStatus);
        Assert.Equal(body.ToJsonString(), got!.ToJsonString());
    }

    [Fact]
    public async Task Put_WithTimesAndAlternativeMediaId_KeepsThem()
    {
        await using var region = await StartWithAssetAsync();
        var (status, body) = await StreamingTestData.CreateLocatorAsync(region, "loc1", new
        {
            assetName = "a1",
            streamingPolicyName = "Predefined_ClearStreamingOnly",
            startTime = "2024-01-01T00:00:00Z",
            endTime = "2030-06-30T12:00:00.5+02:00",
            alternativeMediaId = "movie-42",
        });

        Assert.Equal(201, status);
        Assert.Equal("2024-01-01T00:00:00.0000000Z", (string?)body!["properties"]!["startTime"]);
        Assert.Equal("2030-06-30T10:00:00.5000000Z", (string?)body["properties"]!["endTime"]);
        Assert.Equal("movie-42", (string?)body["properties"]!["alternativeMediaId"]);
    }

    [Fact]
    public async Task Put_CallerLocatorId_IsKeptLowerCasedAndUniqueInTheRegion()
    {
        await using var region = await StartWithAssetAsync();
        await region.CreateAccountAsync("media2");
        var (status, body) = await StreamingTestData.CreateLocatorAsync(region, "loc1",
            new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly", streamingLocatorId = "90000000-0000-0000-0000-00000000000A" });

        Assert.Equal(201, status);
        Assert.Equal("90000000-0000-0000-0000-00000000000a", (string?)body!["properties"]!["streamingLocatorId"]);

        var (dupStatus, dup) = await StreamingTestData.CreateLocatorAsync(region, "loc2",
            new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly", streamingLocatorId = "90000000-0000-0000-0000-00000000000a" });
        Assert.Equal(409, dupStatus);
        Assert.Equal("properties.streamingLocatorId", (string?)dup!["error"]!["target"]);
        Assert.Equal(404, (await region.GetAsync("streamingLocators/loc2")).Status);

        var otherAccount = TestRegion.AccountPath.Replace("media1", "media2", StringComparison.Ordinal);
        var (assetStatus, _) = await region.PutAsync($"{otherAccount}/assets/a1", new { properties = new { } });
        Assert.Equal(201, assetStatus);
        var (crossStatus, _) = await region.PutAsync($"{otherAccount}/streamingLocators/loc1", new
        {
            properties = new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly", streamingLocatorId = "90000000-0000-0000-0000-00000000000A" },
        });
        Assert.Equal(409, crossStatus);
    }

    [Fact]
    public async Task PutExisting_Returns409AndPatch405()
    {
        await using var region = await StartWithAssetAsync();
        var (_, created) = await StreamingTestData.CreateLocatorAsync(region, "loc1", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly" });

        var (putStatus, put) = await StreamingTestData.CreateLocatorAsync(region, "loc1",
            new { assetName = "a1", streamingPolicyName = "Predefined_DownloadOnly" });
        Assert.Equal(409, putStatus);
        Assert.Contains("cannot be updated", (string?)put!["error"]!["message"], StringComparison.Ordinal);

        var (patchStatus, _) = await region.PatchAsync("streamingLocators/loc1", new { properties = new { alternativeMediaId = "x" } });
        Assert.Equal(405, patchStatus);

        var (_, got) = await region.GetAsync("streamingLocators/loc1");
        Assert.Equal(created!.ToJsonString(), got!.ToJsonString());
    }

    public static TheoryData<string, int, string> InvalidLocators => new()
    {
        { """{"properties":{"streamingPolicyName":"Predefined_ClearStreamingOnly"}}""", 400, "properties.assetName" },
        { """{"properties":{"assetName":"nope","streamingPolicyName":"Predefined_ClearStreamingOnly"}}""", 400, "properties.assetName" },
        { """{"properties":{"assetName":"a1"}}""", 400, "properties.streamingPolicyName" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"nope"}}""", 400, "properties.streamingPolicyName" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearKey","defaultContentKeyPolicyName":"nope"}}""", 400,
            "properties.defaultContentKeyPolicyName" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearKey"}}""", 400, "properties.defaultContentKeyPolicyName" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearStreamingOnly","startTime":"2030-01-01T00:00:00Z","endTime":"2029-01-01T00:00:00Z"}}""",
            400, "properties.endTime" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearStreamingOnly","endTime":"soon"}}""", 400, "properties.endTime" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearStreamingOnly","streamingLocatorId":"not-a-uuid"}}""", 400,
            "properties.streamingLocatorId" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearStreamingOnly","filters":["nope"]}}""", 400, "properties.filters[0]" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearStreamingOnly","alternativeMediaId":"a\r\nb"}}""", 400,
            "properties.alternativeMediaId" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearStreamingOnly","contentKeys":[{"id":"60000000-0000-0000-0000-000000000001","value":"1UqLohAfWsEGkULYxHjYZg=="}]}}""",
            400, "properties.contentKeys" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearKey","defaultContentKeyPolicyName":"ckp1","contentKeys":[{"id":"60000000-0000-0000-0000-000000000001","labelReferenceInStreamingPolicy":"other","value":"1UqLohAfWsEGkULYxHjYZg=="}]}}""",
            400, "properties.contentKeys[0].labelReferenceInStreamingPolicy" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearKey","defaultContentKeyPolicyName":"ckp1","contentKeys":[{"id":"60000000-0000-0000-0000-000000000001","labelReferenceInStreamingPolicy":"clearKeyDefault","value":"AAAA"}]}}""",
            400, "properties.contentKeys[0].value" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearKey","defaultContentKeyPolicyName":"ckp1","contentKeys":[{"id":"60000000-0000-0000-0000-000000000001","labelReferenceInStreamingPolicy":"clearKeyDefault","value":"not base64!"}]}}""",
            400, "properties.contentKeys[0].value" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearKey","defaultContentKeyPolicyName":"ckp1","contentKeys":[{"labelReferenceInStreamingPolicy":"clearKeyDefault","value":"1UqLohAfWsEGkULYxHjYZg=="}]}}""",
            400, "properties.contentKeys[0].id" },
        { """{"properties":{"assetName":"a1","streamingPolicyName":"Predefined_ClearKey","defaultContentKeyPolicyName":"ckp1","contentKeys":[{"id":"60000000-0000-0000-0000-000000000001","labelReferenceInStreamingPolicy":"clearKeyDefault"},{"id":"60000000-0000-0000-0000-000000000002","labelReferenceInStreamingPolicy":"clearKeyDefault"}]}}""",
            400, "properties.contentKeys[1].labelReferenceInStreamingPolicy" },
    };

    [Theory]
    [MemberData(nameof(InvalidLocators))]
    public async Task Put_InvalidLocator_Returns4xxAndStoresNothing(string json, int expected, string target)
    {
        await using var region = await StartWithAssetAsync();
        var (status, body) = await region.SendAsync(HttpMethod.Put, "streamingLocators/bad", json);

        Assert.Equal(expected, status);
        Assert.Equal(target, (string?)body!["error"]!["target"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]!["message"]));
        Assert.Equal(404, (await region.GetAsync("streamingLocators/bad")).Status);
        var (_, list) = await region.GetAsync("streamingLocators");
        Assert.Empty(list!["value"]!.AsArray());
    }

    [Fact]
    public async Task Put_UnknownAsset_NamesItInTheMessage()
    {
        await using var region = await StartWithAssetAsync();
        var (status, body) = await StreamingTestData.CreateLocatorAsync(region, "loc1", new { assetName = "ghost", streamingPolicyName = "Predefined_ClearStreamingOnly" });

        Assert.Equal(400, status);
        Assert.Contains("asset 'ghost' was not found", (string?)body!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerKeys_AreKeptExactly_ListContentKeysReturnsThem_GetNever()
    {
        await using var region = await StartWithAssetAsync();
        var policy = new
        {
            properties = new
            {
                defaultContentKeyPolicyName = "ckp1",
                envelopeEncryption = new { enabledProtocols = Protocols(), contentKeys = new { defaultKey = new { label = "aesDefaultKey" } } },
                commonEncryptionCenc = new { enabledProtocols = Protocols(hls: false), contentKeys = new { defaultKey = new { label = "cencDefaultKey" } } },
                commonEncryptionCbcs = new
                {
                    enabledProtocols = Protocols(dash: false, smooth: false),
                    contentKeys = new { defaultKey = new { label = "cbcsDefaultKey" } },
                    drm = new { fairPlay = new { allowPersistentLicense = false } },
                },
            },
        };
        Assert.Equal(201, (await region.PutAsync("streamingPolicies/secureStreamingPolicy", policy)).Status);

        var (status, created) = await StreamingTestData.CreateLocatorAsync(region, "userKeys", new
        {
            assetName = "a1",
            streamingPolicyName = "secureStreamingPolicy",
            streamingLocatorId = "90000000-0000-0000-0000-00000000000A",
            contentKeys = new[]
            {
                // Whitespace the base64 reader skips is not kept: listContentKeys shows the canonical value.
                new { labelReferenceInStreamingPolicy = "aesDefaultKey", id = "60000000-0000-0000-0000-000000000001", value = " 1UqLohAfWsEG kULYxHjYZg==\n" },
                new { labelReferenceInStreamingPolicy = "cencDefaultKey", id = "60000000-0000-0000-0000-000000000004", value = "4UqLohAfWsEGkULYxHjYZg==" },
                new { labelReferenceInStreamingPolicy = "cbcsDefaultKey", id = "60000000-0000-0000-0000-00000000000C", value = "7UqLohAfWsEGkULYxHjYZg==" },
            },
        });
        Assert.Equal(201, status);

        var (_, got) = await region.GetAsync("streamingLocators/userKeys");
        foreach (var view in new[] { created!, got! })
        {
            var text = view.ToJsonString();
            Assert.DoesNotContain("UqLohAfWsEGkULYxHjYZg", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"value\"", text, StringComparison.Ordinal);
            Assert.Equal(3, view["properties"]!["contentKeys"]!.AsArray().Count);
        }

        var (listStatus, listed) = await region.PostAsync("streamingLocators/userKeys/listContentKeys");
        Assert.Equal(200, listStatus);
        var keys = listed!["contentKeys"]!.AsArray();
        Assert.Equal(
            """[{"id":"60000000-0000-0000-0000-000000000001","type":"EnvelopeEncryption","labelReferenceInStreamingPolicy":"aesDefaultKey","value":"1UqLohAfWsEGkULYxHjYZg==","policyName":"ckp1","tracks":[]},""" +
            """{"id":"60000000-0000-0000-0000-000000000004","type":"CommonEncryptionCenc","labelReferenceInStreamingPolicy":"cencDefaultKey","value":"4UqLohAfWsEGkULYxHjYZg==","policyName":"ckp1","tracks":[]},""" +
            """{"id":"60000000-0000-0000-0000-00000000000c","type":"CommonEncryptionCbcs","labelReferenceInStreamingPolicy":"cbcsDefaultKey","value":"7UqLohAfWsEGkULYxHjYZg==","policyName":"ckp1","tracks":[]}]""",
            keys.ToJsonString());
    }

    [Fact]
    public async Task ListContentKeysOutput_PutInAnotherRegion_ReproducesTheSameKeys()
    {
        await using var regionA = await StartWithAssetAsync();
        await using var regionB = await StartWithAssetAsync();
        var (statusA, locatorA) = await StreamingTestData.CreateLocatorAsync(regionA, "loc1-encrypted",
            new { assetName = "a1", streamingPolicyName = "Predefined_ClearKey", defaultContentKeyPolicyName = "ckp1" });
        Assert.Equal(201, statusA);
        var (_, keysA) = await regionA.PostAsync("streamingLocators/loc1-encrypted/listContentKeys");
        var keyA = keysA!["contentKeys"]![0]!;
        Assert.Equal("clearKeyDefault", (string?)keyA["labelReferenceInStreamingPolicy"]);
        Assert.Equal("EnvelopeEncryption", (string?)keyA["type"]);
        Assert.Equal("ckp1", (string?)keyA["policyName"]);

        // The HA sample: same name, locator id, policies, and contentKeys = source listContentKeys (read-only fields included).
        var (statusB, locatorB) = await regionB.SendAsync(HttpMethod.Put, "streamingLocators/loc1-encrypted", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["assetName"] = "a1",
                ["streamingPolicyName"] = "Predefined_ClearKey",
                ["defaultContentKeyPolicyName"] = "ckp1",
                ["streamingLocatorId"] = (string?)locatorA!["properties"]!["streamingLocatorId"],
                ["contentKeys"] = keysA["contentKeys"]!.DeepClone(),
            },
        }.ToJsonString());
        Assert.Equal(201, statusB);
        Assert.Equal((string?)locatorA["properties"]!["streamingLocatorId"], (string?)locatorB!["properties"]!["streamingLocatorId"]);

        var (_, keysB) = await regionB.PostAsync("streamingLocators/loc1-encrypted/listContentKeys");
        Assert.Equal(keysA.ToJsonString(), keysB!.ToJsonString());
    }

    [Fact]
    public async Task GeneratedKeys_Are128BitDistinctAndTyped()
    {
        await using var region = await StartWithAssetAsync();
        await StreamingTestData.CreateLocatorAsync(region, "l1", new { assetName = "a1", streamingPolicyName = "Predefined_MultiDrmStreaming", defaultContentKeyPolicyName = "ckp1" });
        await StreamingTestData.CreateLocatorAsync(region, "l2", new { assetName = "a1", streamingPolicyName = "Predefined_MultiDrmStreaming", defaultContentKeyPolicyName = "ckp1" });

        var (_, k1) = await region.PostAsync("streamingLocators/l1/listContentKeys");
        var (_, k2) = await region.PostAsync("streamingLocators/l2/listContentKeys");
        var keys1 = k1!["contentKeys"]!.AsArray();
        Assert.Equal(["CommonEncryptionCenc", "CommonEncryptionCbcs"], keys1.Select(k => (string?)k!["type"]));
        Assert.Equal(["cencDefaultKey", "cbcsDefaultKey"], keys1.Select(k => (string?)k!["labelReferenceInStreamingPolicy"]));
        var all = keys1.Concat(k2!["contentKeys"]!.AsArray()).ToList();
        Assert.All(all, k =>
        {
            Assert.Equal(16, Convert.FromBase64String((string)k!["value"]!).Length);
            Assert.True(Guid.TryParse((string?)k["id"], out _));
            Assert.Equal("ckp1", (string?)k["policyName"]);
        });
        Assert.Equal(4, all.Select(k => (string?)k!["id"]).Distinct().Count());
        Assert.Equal(4, all.Select(k => (string?)k!["value"]).Distinct().Count());
    }

    [Fact]
    public async Task KeySlots_FollowLabelsMappingsAndPolicyNames()
    {
        await using var region = await StartWithAssetAsync();
        await StreamingTestData.CreateContentKeyPolicyAsync(region, "ckpHevc");
        await StreamingTestData.CreateContentKeyPolicyAsync(region, "ckpPolicyDefault");
        var hevc = new[] { new { trackSelections = new[] { new { property = "FourCC", operation = "Equal", value = "hev1" } } } };
        Assert.Equal(201, (await region.PutAsync("streamingPolicies/mapped", new
        {
            properties = new
            {
                defaultContentKeyPolicyName = "ckpPolicyDefault",
                envelopeEncryption = new { enabledProtocols = Protocols() },
                commonEncryptionCenc = new
                {
                    enabledProtocols = Protocols(hls: false),
                    contentKeys = new
                    {
                        defaultKey = new { label = "d" },
                        keyToTrackMappings = new[] { new { label = "hevc", policyName = "ckpHevc", tracks = hevc } },
                    },
                },
            },
        })).Status);

        var (status, _) = await StreamingTestData.CreateLocatorAsync(region, "loc1", new
        {
            assetName = "a1",
            streamingPolicyName = "mapped",
            defaultContentKeyPolicyName = "CKP1",
            contentKeys = new[] { new { labelReferenceInStreamingPolicy = "hevc", id = "70000000-0000-0000-0000-000000000001", value = "AAECAwQFBgcICQoLDA0ODw==" } },
        });
        Assert.Equal(201, status);
        var (_, listed) = await region.PostAsync("streamingLocators/loc1/listContentKeys");
        var keys = listed!["contentKeys"]!.AsArray();

        Assert.Equal(["EnvelopeEncryption", "CommonEncryptionCenc", "CommonEncryptionCenc"], keys.Select(k => (string?)k!["type"]));
        Assert.Equal(["", "d", "hevc"], keys.Select(k => (string?)k!["labelReferenceInStreamingPolicy"]));
        Assert.Equal(["ckp1", "ckp1", "ckpHevc"], keys.Select(k => (string?)k!["policyName"]));
        Assert.Equal("70000000-0000-0000-0000-000000000001", (string?)keys[2]!["id"]);
        Assert.Equal("AAECAwQFBgcICQoLDA0ODw==", (string?)keys[2]!["value"]);
        Assert.Equal("hev1", (string?)keys[2]!["tracks"]![0]!["trackSelections"]![0]!["value"]);
        Assert.Empty(keys[0]!["tracks"]!.AsArray());

        // Without a locator default, the policy's default content key policy applies.
        await StreamingTestData.CreateLocatorAsync(region, "loc2", new { assetName = "a1", streamingPolicyName = "mapped" });
        var (_, listed2) = await region.PostAsync("streamingLocators/loc2/listContentKeys");
        Assert.Equal(["ckpPolicyDefault", "ckpPolicyDefault", "ckpHevc"], listed2!["contentKeys"]!.AsArray().Select(k => (string?)k!["policyName"]));
    }

    [Fact]
    public async Task EmptyLabels_AcrossSchemes_AreMatchedByTheReadOnlyType()
    {
        await using var region = await StartWithAssetAsync();
        Assert.Equal(201, (await region.PutAsync("streamingPolicies/unlabelled", new
        {
            properties = new
            {
                envelopeEncryption = new { enabledProtocols = Protocols() },
                commonEncryptionCenc = new { enabledProtocols = Protocols(hls: false) },
            },
        })).Status);

        var (status, _) = await StreamingTestData.CreateLocatorAsync(region, "loc1", new
        {
            assetName = "a1",
            streamingPolicyName = "unlabelled",
            defaultContentKeyPolicyName = "ckp1",
            contentKeys = new[] { new { type = "CommonEncryptionCenc", id = "70000000-0000-0000-0000-000000000002", value = "AAECAwQFBgcICQoLDA0ODw==" } },
        });
        Assert.Equal(201, status);
        var (_, listed) = await region.PostAsync("streamingLocators/loc1/listContentKeys");
        var keys = listed!["contentKeys"]!.AsArray();
        Assert.Equal("EnvelopeEncryption", (string?)keys[0]!["type"]);
        Assert.NotEqual("70000000-0000-0000-0000-000000000002", (string?)keys[0]!["id"]);
        Assert.Equal("CommonEncryptionCenc", (string?)keys[1]!["type"]);
        Assert.Equal("70000000-0000-0000-0000-000000000002", (string?)keys[1]!["id"]);
    }

    [Fact]
    public async Task Put_101stLocatorOnAnAsset_Returns400()
    {
        await using var region = await StartWithAssetAsync();
        await StreamingTestData.CreateAssetAsync(region, "a2");
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(201, (await StreamingTestData.CreateLocatorAsync(region, $"l{i:D3}", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly" })).Status);
        }

        var (status, body) = await StreamingTestData.CreateLocatorAsync(region, "l100", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly" });
        Assert.Equal(400, status);
        Assert.Equal("QuotaExceeded", (string?)body!["error"]!["code"]);
        Assert.Contains("100 streaming locators", (string?)body["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(404, (await region.GetAsync("streamingLocators/l100")).Status);

        Assert.Equal(201, (await StreamingTestData.CreateLocatorAsync(region, "other", new { assetName = "a2", streamingPolicyName = "Predefined_ClearStreamingOnly" })).Status);
        Assert.Equal(200, (await region.DeleteAsync("streamingLocators/l000")).Status);
        Assert.Equal(201, (await StreamingTestData.CreateLocatorAsync(region, "l100", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly" })).Status);
    }

    [Fact]
    public async Task ListPaths_ClearWithDownload_GivesAmsFormsAndDownloadPaths()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var container = await StreamingTestData.CreateAssetAsync(region, "a1");
        await StreamingTestData.WriteFilesAsync(region, container,
            "video.ism", "video.ismc", "video_1280x720_AACAudio_3549_1.mpi", "video_1280x720_AACAudio_3549.mp4", "textTrack.vtt", "video_manifest.json");
        var (_, locator) = await StreamingTestData.CreateLocatorAsync(region, "loc1",
            new { assetName = "a1", streamingPolicyName = "Predefined_DownloadAndClearStreaming", streamingLocatorId = "262a87b6-0000-0000-0000-000000000001" });
        Assert.NotNull(locator);

        var (status, body) = await region.PostAsync("streamingLocators/loc1/listPaths");

        Assert.Equal(200, status);
        const string id = "/262a87b6-0000-0000-0000-000000000001";
        Assert.Equal(
            $$"""{"streamingPaths":[{"streamingProtocol":"Hls","encryptionScheme":"NoEncryption","paths":["{{id}}/video.ism/manifest(format=m3u8-aapl)"]},""" +
            $$"""{"streamingProtocol":"Dash","encryptionScheme":"NoEncryption","paths":["{{id}}/video.ism/manifest(format=mpd-time-csf)"]},""" +
            $$"""{"streamingProtocol":"SmoothStreaming","encryptionScheme":"NoEncryption","paths":["{{id}}/video.ism/manifest"]}""" +
            $$"""],"downloadPaths":["{{id}}/textTrack.vtt","{{id}}/video_1280x720_AACAudio_3549.mp4","{{id}}/video_manifest.json"]}""",
            body!.ToJsonString());
    }

    [Fact]
    public async Task ListPaths_ClearKey_UsesCbcFormsAndNoDownloads()
    {
        await using var region = await StartWithAssetAsync();
        var container = (string)(await region.GetAsync("assets/a1")).Body!["properties"]!["container"]!;
        await StreamingTestData.WriteFilesAsync(region, container, "movie.ism", "movie.mp4");
        var (_, locator) = await StreamingTestData.CreateLocatorAsync(region, "loc1",
            new { assetName = "a1", streamingPolicyName = "Predefined_ClearKey", defaultContentKeyPolicyName = "ckp1" });
        var id = (string)locator!["properties"]!["streamingLocatorId"]!;

        var (_, body) = await region.PostAsync("streamingLocators/loc1/listPaths");

        var paths = body!["streamingPaths"]!.AsArray();
        Assert.Equal(["Hls", "Dash", "SmoothStreaming"], paths.Select(p => (string?)p!["streamingProtocol"]));
        Assert.All(paths, p => Assert.Equal("EnvelopeEncryption", (string?)p!["encryptionScheme"]));
        Assert.Equal(
            [$"/{id}/movie.ism/manifest(format=m3u8-aapl,encryption=cbc)", $"/{id}/movie.ism/manifest(format=mpd-time-csf,encryption=cbc)", $"/{id}/movie.ism/manifest(encryption=cbc)"],
            paths.Select(p => (string?)p!["paths"]![0]));
        Assert.Empty(body["downloadPaths"]!.AsArray());
    }

    [Fact]
    public async Task ListPaths_MultiDrm_GivesCencAndCbcsFormsForEveryManifest()
    {
        await using var region = await StartWithAssetAsync();
        var container = (string)(await region.GetAsync("assets/a1")).Body!["properties"]!["container"]!;
        await StreamingTestData.WriteFilesAsync(region, container, "b.ism", "a.ism", "a.mp4");
        var (_, locator) = await StreamingTestData.CreateLocatorAsync(region, "loc1",
            new { assetName = "a1", streamingPolicyName = "Predefined_MultiDrmStreaming", defaultContentKeyPolicyName = "ckp1" });
        var id = (string)locator!["properties"]!["streamingLocatorId"]!;

        var (_, body) = await region.PostAsync("streamingLocators/loc1/listPaths");

        var paths = body!["streamingPaths"]!.AsArray();
        Assert.Equal(["Hls/CommonEncryptionCbcs", "Dash/CommonEncryptionCenc", "SmoothStreaming/CommonEncryptionCenc"],
            paths.Select(p => $"{p!["streamingProtocol"]}/{p["encryptionScheme"]}"));
        Assert.Equal([$"/{id}/a.ism/manifest(format=m3u8-aapl,encryption=cbcs-aapl)", $"/{id}/b.ism/manifest(format=m3u8-aapl,encryption=cbcs-aapl)"],
            paths[0]!["paths"]!.AsArray().Select(p => (string?)p));
        Assert.Equal([$"/{id}/a.ism/manifest(format=mpd-time-csf,encryption=cenc)", $"/{id}/b.ism/manifest(format=mpd-time-csf,encryption=cenc)"],
            paths[1]!["paths"]!.AsArray().Select(p => (string?)p));
        Assert.Equal([$"/{id}/a.ism/manifest(encryption=cenc)", $"/{id}/b.ism/manifest(encryption=cenc)"],
            paths[2]!["paths"]!.AsArray().Select(p => (string?)p));
        Assert.Empty(body["downloadPaths"]!.AsArray());
    }

    [Fact]
    public async Task ListPaths_Mp4OnlyAsset_NamesTheManifestAfterTheFirstMp4()
    {
        await using var region = await StartWithAssetAsync();
        var container = (string)(await region.GetAsync("assets/a1")).Body!["properties"]!["container"]!;
        await StreamingTestData.WriteFilesAsync(region, container, "z_audio.mp4", "my clip.mp4");
        var (_, locator) = await StreamingTestData.CreateLocatorAsync(region, "loc1", new { assetName = "a1", streamingPolicyName = "Predefined_DownloadAndClearStreaming" });
        var id = (string)locator!["properties"]!["streamingLocatorId"]!;

        var (_, body) = await region.PostAsync("streamingLocators/loc1/listPaths");

        var paths = body!["streamingPaths"]!.AsArray();
        Assert.Equal(3, paths.Count);
        Assert.Equal($"/{id}/my%20clip.ism/manifest(format=mpd-time-csf)", (string?)paths[1]!["paths"]![0]);
        Assert.Equal([$"/{id}/my%20clip.mp4", $"/{id}/z_audio.mp4"], body["downloadPaths"]!.AsArray().Select(p => (string?)p));
    }

    [Fact]
    public async Task ListPaths_EmptyAsset_ListsProtocolsWithoutPaths()
    {
        await using var region = await StartWithAssetAsync();
        await StreamingTestData.CreateLocatorAsync(region, "loc1", new { assetName = "a1", streamingPolicyName = "Predefined_DownloadOnly" });
        var (_, download) = await region.PostAsync("streamingLocators/loc1/listPaths");
        Assert.Equal("""{"streamingPaths":[],"downloadPaths":[]}""", download!.ToJsonString());

        await StreamingTestData.CreateLocatorAsync(region, "loc2", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly" });
        var (_, clear) = await region.PostAsync("streamingLocators/loc2/listPaths");
        Assert.Equal(3, clear!["streamingPaths"]!.AsArray().Count);
        Assert.All(clear["streamingPaths"]!.AsArray(), p => Assert.Empty(p!["paths"]!.AsArray()));
    }

    [Fact]
    public async Task Actions_OnUnknownLocator_Return404()
    {
        await using var region = await StartWithAssetAsync();
        Assert.Equal(404, (await region.PostAsync("streamingLocators/ghost/listPaths")).Status);
        Assert.Equal(404, (await region.PostAsync("streamingLocators/ghost/listContentKeys")).Status);
        Assert.Equal(404, (await region.PostAsync("assets/ghost/listStreamingLocators")).Status);
    }

    [Fact]
    public async Task ListStreamingLocators_OnAsset_ReturnsItsLocatorsWithoutKeys()
    {
        await using var region = await StartWithAssetAsync();
        await StreamingTestData.CreateAssetAsync(region, "a2");
        await StreamingTestData.CreateLocatorAsync(region, "z-enc", new
        {
            assetName = "a1", streamingPolicyName = "Predefined_ClearKey", defaultContentKeyPolicyName = "ckp1", startTime = "2024-01-01T00:00:00Z",
        });
        await StreamingTestData.CreateLocatorAsync(region, "b-clear", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly" });
        await StreamingTestData.CreateLocatorAsync(region, "other", new { assetName = "a2", streamingPolicyName = "Predefined_ClearStreamingOnly" });

        var (status, body) = await region.PostAsync("assets/A1/listStreamingLocators");

        Assert.Equal(200, status);
        var locators = body!["streamingLocators"]!.AsArray();
        Assert.Equal(["b-clear", "z-enc"], locators.Select(l => (string?)l!["name"]));
        var enc = locators[1]!.AsObject();
        Assert.Equal(
            ["name", "assetName", "created", "startTime", "endTime", "streamingLocatorId", "streamingPolicyName", "defaultContentKeyPolicyName"],
            enc.Select(kv => kv.Key));
        Assert.Equal("a1", (string?)enc["assetName"]);
        Assert.Equal("2024-01-01T00:00:00.0000000Z", (string?)enc["startTime"]);
        Assert.Equal(EndOfTime, (string?)enc["endTime"]);
        Assert.Equal("Predefined_ClearKey", (string?)enc["streamingPolicyName"]);
        Assert.Equal("ckp1", (string?)enc["defaultContentKeyPolicyName"]);
        var (_, got) = await region.GetAsync("streamingLocators/z-enc");
        Assert.Equal((string?)got!["properties"]!["streamingLocatorId"], (string?)enc["streamingLocatorId"]);
    }

    [Fact]
    public async Task List_FilterOnNameCreatedAndEndTime_AndPaging()
    {
        await using var region = await StartWithAssetAsync(o => o.PageSize = 2);
        await StreamingTestData.CreateLocatorAsync(region, "forever", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly" });
        await StreamingTestData.CreateLocatorAsync(region, "expiring", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly", endTime = "2031-01-01T00:00:00Z" });
        await StreamingTestData.CreateLocatorAsync(region, "expired", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly", endTime = "2001-01-01T00:00:00Z" });

        var (_, byEnd) = await region.GetAsync("streamingLocators?$filter=properties/endTime lt 2100-01-01T00:00:00Z&$orderby=properties/endTime desc");
        Assert.Equal(["expiring", "expired"], byEnd!["value"]!.AsArray().Select(v => (string?)v!["name"]));

        var (_, byName) = await region.GetAsync("streamingLocators?$filter=name eq 'forever'");
        Assert.Equal(["forever"], byName!["value"]!.AsArray().Select(v => (string?)v!["name"]));

        var (_, byCreated) = await region.GetAsync("streamingLocators?$filter=properties/created ge 2000-01-01T00:00:00Z");
        Assert.Equal(2, byCreated!["value"]!.AsArray().Count);
        Assert.NotNull(byCreated["@odata.nextLink"]);

        var (_, page2) = await StreamingTestData.FollowAsync(region, byCreated["@odata.nextLink"]);
        Assert.Equal(["forever"], page2!["value"]!.AsArray().Select(v => (string?)v!["name"]));

        var (badStatus, _) = await region.GetAsync("streamingLocators?$filter=properties/assetName eq 'a1'");
        Assert.Equal(400, badStatus);
    }

    [Fact]
    public async Task Filters_ResolveToAccountOrAssetFilters()
    {
        await using var region = await StartWithAssetAsync();
        await StreamingTestData.SeedAccountFilterAsync(region, "accountLow");
        await StreamingTestData.SeedAssetFilterAsync(region, "a1", "assetTrim");
        await StreamingTestData.CreateAssetAsync(region, "a2");

        var (status, body) = await StreamingTestData.CreateLocatorAsync(region, "loc1",
            new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly", filters = new[] { "ACCOUNTLOW", "assetTrim" } });
        Assert.Equal(201, status);
        Assert.Equal(["accountLow", "assetTrim"], body!["properties"]!["filters"]!.AsArray().Select(f => (string?)f));

        var (otherStatus, other) = await StreamingTestData.CreateLocatorAsync(region, "loc2",
            new { assetName = "a2", streamingPolicyName = "Predefined_ClearStreamingOnly", filters = new[] { "assetTrim" } });
        Assert.Equal(400, otherStatus);
        Assert.Contains("'assetTrim'", (string?)other!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KeepsLocatorsKeysAndIdUniqueness()
    {
        await using var region = await StartWithAssetAsync();
        var (_, created) = await StreamingTestData.CreateLocatorAsync(region, "loc1",
            new { assetName = "a1", streamingPolicyName = "Predefined_ClearKey", defaultContentKeyPolicyName = "ckp1" });
        var (_, keysBefore) = await region.PostAsync("streamingLocators/loc1/listContentKeys");

        await region.RestartAsync();

        var (status, got) = await region.GetAsync("streamingLocators/loc1");
        Assert.Equal(200, status);
        Assert.Equal(created!.ToJsonString(), got!.ToJsonString());
        var (_, keysAfter) = await region.PostAsync("streamingLocators/loc1/listContentKeys");
        Assert.Equal(keysBefore!.ToJsonString(), keysAfter!.ToJsonString());
        var (dupStatus, _) = await StreamingTestData.CreateLocatorAsync(region, "loc2",
            new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly", streamingLocatorId = (string?)created["properties"]!["streamingLocatorId"] });
        Assert.Equal(409, dupStatus);
    }

    [Fact]
    public async Task Delete_Returns200Then204_AndDeletingTheAssetRemovesItsLocators()
    {
        await using var region = await StartWithAssetAsync();
        var (_, created) = await StreamingTestData.CreateLocatorAsync(region, "loc1", new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly" });
        Assert.Equal(200, (await region.DeleteAsync("streamingLocators/loc1")).Status);
        Assert.Equal(204, (await region.DeleteAsync("streamingLocators/loc1")).Status);

        // The id is free again once its locator is gone.
        var id = (string?)created!["properties"]!["streamingLocatorId"];
        Assert.Equal(201, (await StreamingTestData.CreateLocatorAsync(region, "loc2",
            new { assetName = "a1", streamingPolicyName = "Predefined_ClearStreamingOnly", streamingLocatorId = id })).Status);

        Assert.Equal(200, (await region.DeleteAsync("assets/a1")).Status);
        Assert.Equal(404, (await region.GetAsync("streamingLocators/loc2")).Status);
        var (_, list) = await region.GetAsync("streamingLocators");
        Assert.Empty(list!["value"]!.AsArray());
    }
}
