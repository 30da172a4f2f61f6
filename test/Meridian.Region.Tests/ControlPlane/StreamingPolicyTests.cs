using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.ControlPlane;

public sealed class StreamingPolicyTests
{
    private static readonly string[] PredefinedNames =
    [
        "Predefined_ClearKey", "Predefined_ClearStreamingOnly", "Predefined_DownloadAndClearStreaming", "Predefined_DownloadOnly",
        "Predefined_MultiDrmCencStreaming", "Predefined_MultiDrmStreaming",
    ];

    private static object Protocols(bool download = false, bool dash = true, bool hls = true, bool smooth = true) =>
        new { download, dash, hls, smoothStreaming = smooth };

    private static object ClearPolicy(bool download = false) =>
        new { properties = new { noEncryption = new { enabledProtocols = Protocols(download) } } };

    [Fact]
    public async Task Put_ClearPolicy_Returns201WithEnvelopeAndCreated()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.PutAsync("streamingPolicies/clear1", ClearPolicy(download: true));

        Assert.Equal(201, status);
        Assert.Equal("clear1", (string?)body!["name"]);
        Assert.Equal("Microsoft.Media/mediaservices/streamingPolicies", (string?)body["type"]);
        Assert.EndsWith("/providers/Microsoft.Media/mediaservices/media1/streamingPolicies/clear1", (string?)body["id"], StringComparison.Ordinal);
        Assert.Null(body["location"]);
        var protocols = body["properties"]!["noEncryption"]!["enabledProtocols"]!;
        Assert.True((bool)protocols["download"]!);
        Assert.True((bool)protocols["smoothStreaming"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", (string?)body["properties"]!["created"]);

        var (getStatus, got) = await region.GetAsync("streamingPolicies/CLEAR1");
        Assert.Equal(200, getStatus);
        Assert.Equal("clear1", (string?)got!["name"]);
        Assert.Equal((string?)body["properties"]!["created"], (string?)got["properties"]!["created"]);
    }

    [Fact]
    public async Task Put_FullSchema_RoundTripsEveryField()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await StreamingTestData.CreateContentKeyPolicyAsync(region, "ckpDefault");
        await StreamingTestData.CreateContentKeyPolicyAsync(region, "ckpHevc");
        var hevc = new[] { new { trackSelections = new[] { new { property = "FourCC", operation = "Equal", value = "hev1" } } } };
        var policy = new
        {
            properties = new
            {
                defaultContentKeyPolicyName = "ckpDefault",
                envelopeEncryption = new
                {
                    enabledProtocols = Protocols(),
                    clearTracks = hevc,
                    contentKeys = new { defaultKey = new { label = "aesDefaultKey" } },
                    customKeyAcquisitionUrlTemplate = "https://keys.example.com/envelope/{AlternativeMediaId}/{ContentKeyId}",
                },
                commonEncryptionCenc = new
                {
                    enabledProtocols = Protocols(hls: false),
                    contentKeys = new
                    {
                        defaultKey = new { label = "cencDefaultKey", policyName = "ckpDefault" },
                        keyToTrackMappings = new[] { new { label = "cencHevc", policyName = "ckpHevc", tracks = hevc } },
                    },
                    drm = new
                    {
                        playReady = new
                        {
                            customLicenseAcquisitionUrlTemplate = "https://keys.example.com/playready/{ContentKeyId}",
                            playReadyCustomAttributes = "PlayReady CustomAttributes",
                        },
                        widevine = new { customLicenseAcquisitionUrlTemplate = "https://keys.example.com/widevine/{ContentKeyId}" },
                    },
                    clearKeyEncryptionConfiguration = new { customKeysAcquisitionUrlTemplate = "https://contoso.com/{AlternativeMediaId}/clearkey/" },
                },
                commonEncryptionCbcs = new
                {
                    enabledProtocols = Protocols(dash: false, smooth: false),
                    contentKeys = new { defaultKey = new { label = "cbcsDefaultKey" } },
                    drm = new
                    {
                        fairPlay = new { customLicenseAcquisitionUrlTemplate = "https://keys.example.com/fairplay/{ContentKeyId}", allowPersistentLicense = true },
                    },
                },
                created = "2001-01-01T00:00:00Z",
            },
        };

        var (status, body) = await region.PutAsync("streamingPolicies/secure", policy);
        Assert.Equal(201, status);
        var (_, got) = await region.GetAsync("streamingPolicies/secure");
        var props = got!["properties"]!;

        Assert.Equal(body!["properties"]!.ToJsonString(), props.ToJsonString());
        Assert.NotEqual("2001-01-01T00:00:00.0000000Z", (string?)props["created"]);
        Assert.Equal("ckpDefault", (string?)props["defaultContentKeyPolicyName"]);
        Assert.Equal("https://keys.example.com/envelope/{AlternativeMediaId}/{ContentKeyId}",
            (string?)props["envelopeEncryption"]!["customKeyAcquisitionUrlTemplate"]);
        Assert.Equal("hev1", (string?)props["envelopeEncryption"]!["clearTracks"]![0]!["trackSelections"]![0]!["value"]);
        Assert.Equal("FourCC", (string?)props["envelopeEncryption"]!["clearTracks"]![0]!["trackSelections"]![0]!["property"]);
        var mapping = props["commonEncryptionCenc"]!["contentKeys"]!["keyToTrackMappings"]![0]!;
        Assert.Equal("cencHevc", (string?)mapping["label"]);
        Assert.Equal("ckpHevc", (string?)mapping["policyName"]);
        Assert.Equal("Equal", (string?)mapping["tracks"]![0]!["trackSelections"]![0]!["operation"]);
        Assert.Equal("PlayReady CustomAttributes", (string?)props["commonEncryptionCenc"]!["drm"]!["playReady"]!["playReadyCustomAttributes"]);
        Assert.Equal("https://keys.example.com/widevine/{ContentKeyId}",
            (string?)props["commonEncryptionCenc"]!["drm"]!["widevine"]!["customLicenseAcquisitionUrlTemplate"]);
        Assert.Equal("https://contoso.com/{AlternativeMediaId}/clearkey/",
            (string?)props["commonEncryptionCenc"]!["clearKeyEncryptionConfiguration"]!["customKeysAcquisitionUrlTemplate"]);
        Assert.True((bool)props["commonEncryptionCbcs"]!["drm"]!["fairPlay"]!["allowPersistentLicense"]!);
        Assert.False((bool)props["commonEncryptionCbcs"]!["enabledProtocols"]!["dash"]!);
    }

    [Fact]
    public async Task PutExisting_Returns409AndPatch405_PolicyUnchanged()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        Assert.Equal(201, (await region.PutAsync("streamingPolicies/p1", ClearPolicy())).Status);

        var (putStatus, putBody) = await region.PutAsync("streamingPolicies/p1", ClearPolicy(download: true));
        Assert.Equal(409, putStatus);
        Assert.Contains("immutable", (string?)putBody!["error"]!["message"], StringComparison.Ordinal);

        var (patchStatus, patchBody) = await region.PatchAsync("streamingPolicies/p1", ClearPolicy(download: true));
        Assert.Equal(405, patchStatus);
        Assert.Equal("MethodNotAllowed", (string?)patchBody!["error"]!["code"]);

        var (_, got) = await region.GetAsync("streamingPolicies/p1");
        Assert.False((bool)got!["properties"]!["noEncryption"]!["enabledProtocols"]!["download"]!);
    }

    public static TheoryData<string, string, string> InvalidPolicies => new()
    {
        { """{"properties":{}}""", "properties", "at least one" },
        { """{}""", "properties", "at least one" },
        { """{"properties":{"noEncryption":{}}}""", "properties.noEncryption.enabledProtocols", "required" },
        { """{"properties":{"noEncryption":{"enabledProtocols":{"download":false,"dash":true,"hls":true}}}}""",
            "properties.noEncryption.enabledProtocols.smoothStreaming", "required" },
        { """{"properties":{"noEncryption":{"enabledProtocols":{"download":false,"dash":false,"hls":false,"smoothStreaming":false}}}}""",
            "properties.noEncryption.enabledProtocols", "no protocol" },
        { """{"properties":{"noEncryption":{"enabledProtocols":{"download":"yes","dash":true,"hls":true,"smoothStreaming":true}}}}""",
            "properties.noEncryption.enabledProtocols.download", "not valid" },
        { """{"properties":{"envelopeEncryption":{"enabledProtocols":{"download":true,"dash":true,"hls":true,"smoothStreaming":true}}}}""",
            "properties.envelopeEncryption.enabledProtocols.download", "noEncryption" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":true,"dash":true,"hls":false,"smoothStreaming":false}}}}""",
            "properties.commonEncryptionCenc.enabledProtocols.download", "noEncryption" },
        { """{"properties":{"commonEncryptionCbcs":{"enabledProtocols":{"download":false,"dash":false,"hls":true,"smoothStreaming":true}}}}""",
            "properties.commonEncryptionCbcs.enabledProtocols.smoothStreaming", "Smooth" },
        { """{"properties":{"envelopeEncryption":{"enabledProtocols":{"download":false,"dash":true,"hls":true,"smoothStreaming":true},"customKeyAcquisitionUrlTemplate":"/relative/{ContentKeyId}"}}}""",
            "properties.envelopeEncryption.customKeyAcquisitionUrlTemplate", "absolute" },
        { """{"properties":{"envelopeEncryption":{"enabledProtocols":{"download":false,"dash":true,"hls":true,"smoothStreaming":true},"customKeyAcquisitionUrlTemplate":"ftp://keys.example.com/{ContentKeyId}"}}}""",
            "properties.envelopeEncryption.customKeyAcquisitionUrlTemplate", "absolute" },
        { """{"properties":{"envelopeEncryption":{"enabledProtocols":{"download":false,"dash":true,"hls":true,"smoothStreaming":true},"customKeyAcquisitionUrlTemplate":"https://keys.example.com/{KeyId}"}}}""",
            "properties.envelopeEncryption.customKeyAcquisitionUrlTemplate", "{KeyId}" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"drm":{"playReady":{"customLicenseAcquisitionUrlTemplate":"https://contoso.com/{AssetAlternativeId}/playready/{ContentKeyId}"}}}}}""",
            "properties.commonEncryptionCenc.drm.playReady.customLicenseAcquisitionUrlTemplate", "{AlternativeMediaId}" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"clearKeyEncryptionConfiguration":{"customKeysAcquisitionUrlTemplate":"https://contoso.com/{ContentKeyId}/clearkey/"}}}}""",
            "properties.commonEncryptionCenc.clearKeyEncryptionConfiguration.customKeysAcquisitionUrlTemplate", "{ContentKeyId}" },
        { """{"properties":{"commonEncryptionCbcs":{"enabledProtocols":{"download":false,"dash":false,"hls":true,"smoothStreaming":false},"drm":{"widevine":{"customLicenseAcquisitionUrlTemplate":"https://contoso.com/{ContentKeyId"}}}}}""",
            "properties.commonEncryptionCbcs.drm.widevine.customLicenseAcquisitionUrlTemplate", "matching" },
        { """{"properties":{"commonEncryptionCbcs":{"enabledProtocols":{"download":false,"dash":false,"hls":true,"smoothStreaming":false},"drm":{"fairPlay":{}}}}}""",
            "properties.commonEncryptionCbcs.drm.fairPlay.allowPersistentLicense", "required" },
        { """{"properties":{"envelopeEncryption":{"enabledProtocols":{"download":false,"dash":true,"hls":true,"smoothStreaming":true},"contentKeys":{"defaultKey":{"label":"k"}}},"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"contentKeys":{"defaultKey":{"label":"k"}}}}}""",
            "properties.commonEncryptionCenc.contentKeys.defaultKey.label", "unique" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"contentKeys":{"defaultKey":{"label":"k"},"keyToTrackMappings":[{"label":"k","tracks":[{"trackSelections":[{"property":"FourCC","operation":"Equal","value":"hev1"}]}]}]}}}}""",
            "properties.commonEncryptionCenc.contentKeys.keyToTrackMappings[0].label", "unique" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"contentKeys":{"keyToTrackMappings":[{"tracks":[{"trackSelections":[{"property":"FourCC","operation":"Equal","value":"mp4a"}]}]}]}}}}""",
            "properties.commonEncryptionCenc.contentKeys.keyToTrackMappings[0].label", "default key" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"contentKeys":{"keyToTrackMappings":[{"label":"m","tracks":[]}]}}}}""",
            "properties.commonEncryptionCenc.contentKeys.keyToTrackMappings[0].tracks", "at least one" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"clearTracks":[{"trackSelections":[{"property":"Unknown","operation":"Equal","value":"x"}]}]}}}""",
            "properties.commonEncryptionCenc.clearTracks[0].trackSelections[0].property", "FourCC" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"clearTracks":[{"trackSelections":[{"property":"Codec","operation":"Equal","value":"x"}]}]}}}""",
            "properties.commonEncryptionCenc.clearTracks[0].trackSelections[0].property", "not valid" },
        { """{"properties":{"defaultContentKeyPolicyName":"missing","envelopeEncryption":{"enabledProtocols":{"download":false,"dash":true,"hls":true,"smoothStreaming":true}}}}""",
            "properties.defaultContentKeyPolicyName", "'missing'" },
        { """{"properties":{"envelopeEncryption":{"enabledProtocols":{"download":false,"dash":true,"hls":true,"smoothStreaming":true},"contentKeys":{"defaultKey":{"label":"a","policyName":"missing"}}}}}""",
            "properties.envelopeEncryption.contentKeys.defaultKey.policyName", "'missing'" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"contentKeys":{"keyToTrackMappings":[{"label":"m","policyName":"missing","tracks":[{"trackSelections":[{"property":"FourCC","operation":"Equal","value":"hev1"}]}]}]}}}}""",
            "properties.commonEncryptionCenc.contentKeys.keyToTrackMappings[0].policyName", "'missing'" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"clearTracks":[{"trackSelections":[{"property":"FourCC","operation":"Equal","value":"mp4a"}]}],"contentKeys":{"keyToTrackMappings":[{"label":"m","tracks":[{"trackSelections":[{"property":"FourCC","operation":"Equal","value":"MP4A"}]}]}]}}}}""",
            "properties.commonEncryptionCenc", "either clear or under one key" },
        { """{"properties":{"commonEncryptionCenc":{"enabledProtocols":{"download":false,"dash":true,"hls":false,"smoothStreaming":true},"contentKeys":{"keyToTrackMappings":[{"label":"a","tracks":[{"trackSelections":[{"property":"FourCC","operation":"Equal","value":"avc1"}]}]},{"label":"b","tracks":[{"trackSelections":[{"property":"FourCC","operation":"Equal","value":"hev1"}]},{"trackSelections":[{"property":"FourCC","operation":"Equal","value":"avc1"}]}]}]}}}}""",
            "properties.commonEncryptionCenc", "keyToTrackMappings[1]" },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public async Task Put_InvalidPolicy_Returns400NamingTheFieldAndStoresNothing(string json, string target, string messagePart)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.SendAsync(HttpMethod.Put, "streamingPolicies/bad", json);

        Assert.Equal(400, status);
        Assert.Equal(target, (string?)body!["error"]!["target"]);
        Assert.Contains(messagePart, (string?)body["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(404, (await region.GetAsync("streamingPolicies/bad")).Status);
    }

    [Fact]
    public async Task Put_ReferencesExistingContentKeyPolicies_Succeeds()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await StreamingTestData.CreateContentKeyPolicyAsync(region, "ckp1");
        var (status, body) = await region.PutAsync("streamingPolicies/envelope", new
        {
            properties = new
            {
                defaultContentKeyPolicyName = "CKP1",
                envelopeEncryption = new { enabledProtocols = Protocols(), contentKeys = new { defaultKey = new { label = "a", policyName = "ckp1" } } },
            },
        });

        Assert.Equal(201, status);
        Assert.Equal("CKP1", (string?)body!["properties"]!["defaultContentKeyPolicyName"]);
    }

    [Fact]
    public async Task List_IncludesTheSixPredefinedPolicies()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("streamingPolicies/custom", ClearPolicy());
        var (status, body) = await region.GetAsync("streamingPolicies");

        Assert.Equal(200, status);
        var names = body!["value"]!.AsArray().Select(v => (string)v!["name"]!).ToList();
        Assert.Equal([.. PredefinedNames.Prepend("custom")], names);
        Assert.All(body["value"]!.AsArray(), v => Assert.NotNull(v!["properties"]!["created"]));
    }

    [Fact]
    public async Task Predefined_HaveTheAmsShapes()
    {
        await using var region = await TestRegion.StartWithAccountAsync();

        var (_, download) = await region.GetAsync("streamingPolicies/Predefined_DownloadOnly");
        Assert.Equal("""{"download":true,"dash":false,"hls":false,"smoothStreaming":false}""",
            download!["properties"]!["noEncryption"]!["enabledProtocols"]!.ToJsonString());

        var (_, clear) = await region.GetAsync("streamingPolicies/Predefined_ClearStreamingOnly");
        Assert.Equal("""{"download":false,"dash":true,"hls":true,"smoothStreaming":true}""",
            clear!["properties"]!["noEncryption"]!["enabledProtocols"]!.ToJsonString());

        var (_, both) = await region.GetAsync("streamingPolicies/Predefined_DownloadAndClearStreaming");
        Assert.Equal("""{"download":true,"dash":true,"hls":true,"smoothStreaming":true}""",
            both!["properties"]!["noEncryption"]!["enabledProtocols"]!.ToJsonString());

        var (_, clearKey) = await region.GetAsync("streamingPolicies/Predefined_ClearKey");
        var envelope = clearKey!["properties"]!["envelopeEncryption"]!;
        Assert.Equal("""{"download":false,"dash":true,"hls":true,"smoothStreaming":true}""", envelope["enabledProtocols"]!.ToJsonString());
        Assert.Equal("clearKeyDefault", (string?)envelope["contentKeys"]!["defaultKey"]!["label"]);
        Assert.Null(clearKey["properties"]!["noEncryption"]);

        var (_, cencOnly) = await region.GetAsync("streamingPolicies/Predefined_MultiDrmCencStreaming");
        var cenc = cencOnly!["properties"]!["commonEncryptionCenc"]!;
        Assert.Equal("""{"download":false,"dash":true,"hls":false,"smoothStreaming":true}""", cenc["enabledProtocols"]!.ToJsonString());
        Assert.NotNull(cenc["drm"]!["playReady"]);
        Assert.NotNull(cenc["drm"]!["widevine"]);
        Assert.Null(cencOnly["properties"]!["commonEncryptionCbcs"]);

        var (_, multi) = await region.GetAsync("streamingPolicies/Predefined_MultiDrmStreaming");
        Assert.Equal(cenc.ToJsonString(), multi!["properties"]!["commonEncryptionCenc"]!.ToJsonString());
        var cbcs = multi["properties"]!["commonEncryptionCbcs"]!;
        Assert.Equal("""{"download":false,"dash":false,"hls":true,"smoothStreaming":false}""", cbcs["enabledProtocols"]!.ToJsonString());
        Assert.False((bool)cbcs["drm"]!["fairPlay"]!["allowPersistentLicense"]!);

        // Lists AMS always wrote, empty when unused (older SDKs iterate them without a null check).
        foreach (var scheme in new[] { envelope, cenc, cbcs })
        {
            Assert.Equal("[]", scheme["clearTracks"]!.ToJsonString());
            Assert.Equal("[]", scheme["contentKeys"]!["keyToTrackMappings"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Predefined_CannotBeOverwrittenPatchedOrDeleted()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, before) = await region.GetAsync("streamingPolicies/Predefined_ClearKey");

        var (putStatus, putBody) = await region.PutAsync("streamingPolicies/Predefined_ClearKey", ClearPolicy());
        Assert.Equal(409, putStatus);
        Assert.Contains("predefined", (string?)putBody!["error"]!["message"], StringComparison.Ordinal);

        Assert.Equal(405, (await region.PatchAsync("streamingPolicies/Predefined_ClearKey", ClearPolicy())).Status);

        var (deleteStatus, deleteBody) = await region.DeleteAsync("streamingPolicies/predefined_clearkey");
        Assert.Equal(400, deleteStatus);
        Assert.Contains("predefined streaming policy and cannot be deleted", (string?)deleteBody!["error"]!["message"], StringComparison.Ordinal);

        var (afterStatus, after) = await region.GetAsync("streamingPolicies/Predefined_ClearKey");
        Assert.Equal(200, afterStatus);
        Assert.Equal(before!.ToJsonString(), after!.ToJsonString());
    }

    [Theory]
    [InlineData("Predefined_Custom")]
    [InlineData("predefined_clearkey2")]
    public async Task Put_ReservedPrefix_Returns400(string name)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.PutAsync($"streamingPolicies/{name}", ClearPolicy());

        Assert.Equal(400, status);
        Assert.Equal("InvalidResourceName", (string?)body!["error"]!["code"]);
        Assert.Contains("reserved", (string?)body["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(404, (await region.GetAsync($"streamingPolicies/{name}")).Status);
    }

    [Fact]
    public async Task Delete_Returns200Then204AndGetIs404()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("streamingPolicies/p1", ClearPolicy());

        Assert.Equal(200, (await region.DeleteAsync("streamingPolicies/p1")).Status);
        Assert.Equal(204, (await region.DeleteAsync("streamingPolicies/p1")).Status);
        var (status, body) = await region.GetAsync("streamingPolicies/p1");
        Assert.Equal(404, status);
        Assert.Equal("ResourceNotFound", (string?)body!["error"]!["code"]);
    }

    [Fact]
    public async Task Delete_PolicyUsedByLocator_Returns409UntilLocatorIsGone()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("streamingPolicies/p1", ClearPolicy());
        await StreamingTestData.CreateAssetAsync(region, "a1");
        Assert.Equal(201, (await StreamingTestData.CreateLocatorAsync(region, "loc1", new { assetName = "a1", streamingPolicyName = "P1" })).Status);

        var (status, body) = await region.DeleteAsync("streamingPolicies/p1");
        Assert.Equal(409, status);
        Assert.Contains("'loc1'", (string?)body!["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(200, (await region.GetAsync("streamingPolicies/p1")).Status);

        Assert.Equal(200, (await region.DeleteAsync("streamingLocators/loc1")).Status);
        Assert.Equal(200, (await region.DeleteAsync("streamingPolicies/p1")).Status);
    }

    [Fact]
    public async Task List_FilterAndPaging()
    {
        await using var region = await TestRegion.StartWithAccountAsync(o => o.PageSize = 4);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await region.PutAsync($"streamingPolicies/{name}", ClearPolicy());
        }

        var (_, byName) = await region.GetAsync("streamingPolicies?$filter=name eq 'b'");
        Assert.Equal(["b"], byName!["value"]!.AsArray().Select(v => (string?)v!["name"]));

        var (_, recent) = await region.GetAsync("streamingPolicies?$filter=properties/created gt 2000-01-01T00:00:00Z and name ne 'a'");
        var (_, recentMore) = await StreamingTestData.FollowAsync(region, recent!["@odata.nextLink"]);
        var recentNames = recent["value"]!.AsArray().Concat(recentMore!["value"]!.AsArray()).Select(v => (string)v!["name"]!).ToList();
        Assert.Equal(8, recentNames.Count);
        Assert.DoesNotContain("a", recentNames);

        var (_, none) = await region.GetAsync("streamingPolicies?$filter=properties/created lt 2000-01-01T00:00:00Z");
        Assert.Empty(none!["value"]!.AsArray());

        var (badStatus, bad) = await region.GetAsync("streamingPolicies?$filter=properties/noEncryption eq null");
        Assert.Equal(400, badStatus);
        Assert.Equal("$filter", (string?)bad!["error"]!["target"]);

        var (_, page) = await region.GetAsync("streamingPolicies");
        var sizes = new List<int>();
        var all = new List<string>();
        while (true)
        {
            sizes.Add(page!["value"]!.AsArray().Count);
            all.AddRange(page["value"]!.AsArray().Select(v => (string)v!["name"]!));
            if (page["@odata.nextLink"] is null)
            {
                break;
            }

            (_, page) = await StreamingTestData.FollowAsync(region, page["@odata.nextLink"]);
        }

        Assert.Equal([4, 4, 1], sizes);
        Assert.Equal(9, all.Distinct().Count());
    }

    [Fact]
    public async Task Put_101stCustomPolicy_Returns400Quota()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(201, (await region.PutAsync($"streamingPolicies/p{i:D3}", ClearPolicy())).Status);
        }

        var (status, body) = await region.PutAsync("streamingPolicies/p100", ClearPolicy());
        Assert.Equal(400, status);
        Assert.Equal("QuotaExceeded", (string?)body!["error"]!["code"]);
        Assert.Equal(404, (await region.GetAsync("streamingPolicies/p100")).Status);
    }

    [Fact]
    public async Task Restart_KeepsPoliciesAndPredefined()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("streamingPolicies/p1", ClearPolicy(download: true));
        await region.RestartAsync();

        var (_, list) = await region.GetAsync("streamingPolicies");
        Assert.Equal(7, list!["value"]!.AsArray().Count);
        var (_, got) = await region.GetAsync("streamingPolicies/p1");
        Assert.True((bool)got!["properties"]!["noEncryption"]!["enabledProtocols"]!["download"]!);
    }
}
