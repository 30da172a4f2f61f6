using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.ControlPlane;

public sealed class ContentKeyPolicyTests
{
    private const string ClearKey = "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration";
    private const string Open = "#Microsoft.Media.ContentKeyPolicyOpenRestriction";
    private const string Token = "#Microsoft.Media.ContentKeyPolicyTokenRestriction";
    private const string PfxPassword = "fairplay-pfx-password";

    private static readonly string SymmetricKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string Ask = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
    private static readonly Lazy<string> Pfx = new(CreatePfx);
    private static readonly Lazy<string> CertificateBody = new(CreateCertificateBody);
    private static readonly Lazy<(string Exponent, string Modulus)> RsaKey = new(CreateRsaKey);

    [Fact]
    public async Task Put_New_Returns201WithReadOnlyPropertiesAndKeepsThemOnUpdate()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, created) = await region.PutAsync("contentKeyPolicies/p1", OpenClearKeyPolicy("first", "a"));

        Assert.Equal(201, status);
        Assert.Equal("p1", (string?)created!["name"]);
        Assert.Equal("Microsoft.Media/mediaservices/contentKeyPolicies", (string?)created["type"]);
        Assert.EndsWith("/providers/Microsoft.Media/mediaservices/media1/contentKeyPolicies/p1", (string?)created["id"], StringComparison.Ordinal);
        var properties = created["properties"]!;
        Assert.True(Guid.TryParse((string?)properties["policyId"], out _));
        Assert.NotNull((string?)properties["created"]);
        Assert.NotNull((string?)properties["lastModified"]);
        Assert.Equal("first", (string?)properties["description"]);
        var option = properties["options"]![0]!;
        Assert.True(Guid.TryParse((string?)option["policyOptionId"], out _));
        Assert.Equal(ClearKey, (string?)option["configuration"]!["@odata.type"]);
        Assert.Equal(Open, (string?)option["restriction"]!["@odata.type"]);

        var (updateStatus, updated) = await region.PutAsync("contentKeyPolicies/p1", OpenClearKeyPolicy("second", "a"));
        Assert.Equal(200, updateStatus);
        Assert.Equal((string?)properties["policyId"], (string?)updated!["properties"]!["policyId"]);
        Assert.Equal((string?)properties["created"], (string?)updated["properties"]!["created"]);
        Assert.Equal((string?)option["policyOptionId"], (string?)updated["properties"]!["options"]![0]!["policyOptionId"]);
        Assert.Equal("second", (string?)updated["properties"]!["description"]);
    }

    [Fact]
    public async Task Put_OptionIds_AreKeptByNameAndNewForNewOptions()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, first) = await region.PutAsync("contentKeyPolicies/p1", new
        {
            properties = new { options = new[] { OpenClearKeyOption("a"), OpenClearKeyOption("b") } },
        });
        var (_, second) = await region.PutAsync("contentKeyPolicies/p1", new
        {
            properties = new { options = new[] { OpenClearKeyOption("b"), OpenClearKeyOption("c") } },
        });

        var before = first!["properties"]!["options"]!.AsArray().ToDictionary(o => (string)o!["name"]!, o => (string)o!["policyOptionId"]!);
        var after = second!["properties"]!["options"]!.AsArray().ToDictionary(o => (string)o!["name"]!, o => (string)o!["policyOptionId"]!);
        Assert.Equal(before["b"], after["b"]);
        Assert.DoesNotContain(after["c"], before.Values);
        Assert.NotEqual(after["b"], after["c"]);
    }

    [Fact]
    public async Task EveryResponse_BlanksSecrets_AndGetPolicyPropertiesWithSecretsReturnsThem()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (putStatus, put) = await region.PutAsync("contentKeyPolicies/full", FullPolicy());
        Assert.Equal(201, putStatus);
        AssertBlanked(put!["properties"]!);

        var (_, get) = await region.GetAsync("contentKeyPolicies/full");
        AssertBlanked(get!["properties"]!);

        var (_, list) = await region.GetAsync("contentKeyPolicies");
        AssertBlanked(Assert.Single(list!["value"]!.AsArray())!["properties"]!);

        var (patchStatus, patched) = await region.PatchAsync("contentKeyPolicies/full", new { properties = new { description = "patched" } });
        Assert.Equal(200, patchStatus);
        Assert.Equal("patched", (string?)patched!["properties"]!["description"]);
        AssertBlanked(patched["properties"]!);

        var (secretsStatus, secrets) = await region.PostAsync("contentKeyPolicies/full/getPolicyPropertiesWithSecrets");
        Assert.Equal(200, secretsStatus);
        Assert.Equal("patched", (string?)secrets!["description"]);
        AssertSecrets(secrets);

        // The non-secret settings come back as sent.
        var playReady = Option(get["properties"]!, "playready")["configuration"]!;
        var license = playReady["licenses"]![0]!;
        Assert.Equal("custom-data", (string?)playReady["responseCustomData"]);
        Assert.Equal("SL2000", (string?)license["securityLevel"]);
        Assert.Equal("PT1H", (string?)license["relativeExpirationDate"]);
        Assert.Equal("#Microsoft.Media.ContentKeyPolicyPlayReadyContentEncryptionKeyFromKeyIdentifier", (string?)license["contentKeyLocation"]!["@odata.type"]);
        Assert.Equal("5e2f3b4c-0000-4000-8000-00000000000a", (string?)license["contentKeyLocation"]!["keyId"]);
        Assert.Equal(300, (int?)license["playRight"]!["uncompressedDigitalAudioOpl"]);
        Assert.Equal("AllowedWithVideoConstriction", (string?)license["playRight"]!["allowPassingVideoContentToUnknownOutput"]);
        Assert.True((bool?)license["playRight"]!["explicitAnalogTelevisionOutputRestriction"]!["bestEffort"]);
        Assert.Equal("""{"allowed_track_types":"SD_HD"}""", (string?)Option(get["properties"]!, "widevine")["configuration"]!["widevineTemplate"]);
        var fairPlay = Option(get["properties"]!, "fairplay")["configuration"]!;
        Assert.Equal("DualExpiry", (string?)fairPlay["rentalAndLeaseKeyType"]);
        Assert.Equal(3600, (long?)fairPlay["offlineRentalConfiguration"]!["storageDurationSeconds"]);
        var token = Option(get["properties"]!, "token")["restriction"]!;
        Assert.Equal("urn:issuer", (string?)token["issuer"]);
        Assert.Equal("Jwt", (string?)token["restrictionTokenType"]);
        Assert.Equal("urn:microsoft:azure:mediaservices:contentkeyidentifier", (string?)token["requiredClaims"]![0]!["claimType"]);
    }

    [Fact]
    public async Task FairPlay_PfxWithoutAPassword_IsTaken_AnEmptyPasswordForAProtectedPfxIsNot()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        object Policy(string pfx, string password) => new
        {
            properties = new
            {
                options = new[]
                {
                    new
                    {
                        name = "fp",
                        configuration = new Dictionary<string, object>
                        {
                            ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyFairPlayConfiguration",
                            ["ask"] = Ask, ["fairPlayPfx"] = pfx, ["fairPlayPfxPassword"] = password,
                            ["rentalAndLeaseKeyType"] = "Undefined", ["rentalDuration"] = 0,
                        },
                        restriction = new Dictionary<string, object> { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyOpenRestriction" },
                    },
                },
            },
        };

        Assert.Equal(201, (await region.PutAsync("contentKeyPolicies/open-pfx", Policy(CreatePfx(""), ""))).Status);
        var (status, error) = await region.PutAsync("contentKeyPolicies/protected-pfx", Policy(Pfx.Value, ""));
        Assert.Equal(400, status);
        Assert.Contains("getPolicyPropertiesWithSecrets", (string?)error!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRestriction_ShowsItsUnusedListsEmpty_AsAmsDid()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var option = new
        {
            name = "t",
            configuration = new Dictionary<string, object> { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration" },
            restriction = new Dictionary<string, object>
            {
                ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyTokenRestriction",
                ["issuer"] = "urn:issuer",
                ["audience"] = "urn:audience",
                ["restrictionTokenType"] = "Jwt",
                ["primaryVerificationKey"] = new Dictionary<string, object>
                {
                    ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicySymmetricTokenKey",
                    ["keyValue"] = Convert.ToBase64String(new byte[32]),
                },
            },
        };
        var (status, put) = await region.PutAsync("contentKeyPolicies/bare", new { properties = new { options = new[] { option } } });
        Assert.Equal(201, status);
        var (_, secrets) = await region.PostAsync("contentKeyPolicies/bare/getPolicyPropertiesWithSecrets");
        foreach (var restriction in new[] { put!["properties"]!["options"]![0]!["restriction"]!, secrets!["options"]![0]!["restriction"]! })
        {
            Assert.Equal("[]", restriction["alternateVerificationKeys"]!.ToJsonString());
            Assert.Equal("[]", restriction["requiredClaims"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task GetPolicyPropertiesWithSecrets_Output_CanCreateTheSamePolicyElsewhere()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("contentKeyPolicies/full", FullPolicy());
        var (_, secrets) = await region.PostAsync("contentKeyPolicies/full/getPolicyPropertiesWithSecrets");

        var (status, copy) = await region.PutAsync("contentKeyPolicies/copy", new JsonObject { ["properties"] = secrets!.DeepClone() }.ToJsonString());
        Assert.Equal(201, status);
        var (_, copySecrets) = await region.PostAsync("contentKeyPolicies/copy/getPolicyPropertiesWithSecrets");
        AssertSecrets(copySecrets!);
        Assert.NotEqual((string?)secrets["policyId"], (string?)copy!["properties"]!["policyId"]);
    }

    [Fact]
    public async Task Patch_OptionsSentBackBlanked_KeepsStoredSecrets()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("contentKeyPolicies/full", FullPolicy());
        var (_, get) = await region.GetAsync("contentKeyPolicies/full");
        var options = get!["properties"]!["options"]!.DeepClone().AsArray();
        Option(options, "token")["restriction"]!["issuer"] = "urn:new-issuer";

        var body = new JsonObject { ["properties"] = new JsonObject { ["options"] = options } };
        var (status, patched) = await region.PatchAsync("contentKeyPolicies/full", body.ToJsonString());

        Assert.Equal(200, status);
        AssertBlanked(patched!["properties"]!);
        var (_, secrets) = await region.PostAsync("contentKeyPolicies/full/getPolicyPropertiesWithSecrets");
        AssertSecrets(secrets!);
        Assert.Equal("urn:new-issuer", (string?)Option(secrets!, "token")["restriction"]!["issuer"]);
    }

    [Fact]
    public async Task Put_BlankedSecret_Returns400AndChangesNothing()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("contentKeyPolicies/full", FullPolicy());
        var (_, before) = await region.GetAsync("contentKeyPolicies/full");
        var (_, beforeSecrets) = await region.PostAsync("contentKeyPolicies/full/getPolicyPropertiesWithSecrets");

        var (status, error) = await region.PutAsync("contentKeyPolicies/full", new JsonObject { ["properties"] = before!["properties"]!.DeepClone() }.ToJsonString());

        Assert.Equal(400, status);
        Assert.Contains("is empty", (string?)error!["error"]!["message"], StringComparison.Ordinal);
        Assert.Contains("getPolicyPropertiesWithSecrets", (string?)error["error"]!["message"], StringComparison.Ordinal);
        var (_, after) = await region.GetAsync("contentKeyPolicies/full");
        var (_, afterSecrets) = await region.PostAsync("contentKeyPolicies/full/getPolicyPropertiesWithSecrets");
        Assert.True(JsonNode.DeepEquals(before, after));
        Assert.True(JsonNode.DeepEquals(beforeSecrets, afterSecrets));
    }

    [Theory]
    [InlineData("no-options", "properties.options")]
    [InlineData("too-many-options", "properties.options")]
    [InlineData("duplicate-option-names", "properties.options[1].name")]
    [InlineData("unknown-configuration-type", "properties.options[0].configuration.@odata.type")]
    [InlineData("unknown-configuration-placeholder", "properties.options[0].configuration.@odata.type")]
    [InlineData("unknown-restriction-placeholder", "properties.options[0].restriction.@odata.type")]
    [InlineData("missing-restriction-type", "properties.options[0].restriction")]
    [InlineData("missing-restriction", "properties.options[0].restriction")]
    [InlineData("symmetric-key-not-base64", "properties.options[0].restriction.primaryVerificationKey.keyValue")]
    [InlineData("symmetric-key-too-short", "properties.options[0].restriction.primaryVerificationKey.keyValue")]
    [InlineData("rsa-modulus-too-short", "properties.options[0].restriction.primaryVerificationKey.modulus")]
    [InlineData("rsa-exponent-not-base64", "properties.options[0].restriction.primaryVerificationKey.exponent")]
    [InlineData("x509-not-a-certificate", "properties.options[0].restriction.alternateVerificationKeys[0].rawBody")]
    [InlineData("issuer-empty", "properties.options[0].restriction.issuer")]
    [InlineData("audience-missing", "properties.options[0].restriction.audience")]
    [InlineData("token-type-unknown", "properties.options[0].restriction.restrictionTokenType")]
    [InlineData("token-type-invalid", "properties.options[0].restriction.restrictionTokenType")]
    [InlineData("swt-with-rsa-key", "properties.options[0].restriction.primaryVerificationKey")]
    [InlineData("fairplay-ask-15-bytes", "properties.options[0].configuration.ask")]
    [InlineData("fairplay-wrong-password", "properties.options[0].configuration.fairPlayPfx")]
    [InlineData("fairplay-pfx-not-base64", "properties.options[0].configuration.fairPlayPfx")]
    [InlineData("fairplay-dual-expiry-without-offline", "properties.options[0].configuration.offlineRentalConfiguration")]
    [InlineData("playready-no-licenses", "properties.options[0].configuration.licenses")]
    [InlineData("playready-bad-license-type", "properties.options[0].configuration.licenses[0].licenseType")]
    [InlineData("playready-bad-opl", "properties.options[0].configuration.licenses[0].playRight.compressedDigitalVideoOpl")]
    [InlineData("playready-key-id-missing", "properties.options[0].configuration.licenses[0].contentKeyLocation.keyId")]
    [InlineData("playready-bad-duration", "properties.options[0].configuration.licenses[0].relativeExpirationDate")]
    [InlineData("playready-both-begin-dates", "properties.options[0].configuration.licenses[0].relativeBeginDate")]
    [InlineData("widevine-template-not-json", "properties.options[0].configuration.widevineTemplate")]
    public async Task Put_Invalid_Returns400NamingTheValueAndChangesNothing(string invalid, string target)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("contentKeyPolicies/p1", FullPolicy());
        var (_, before) = await region.GetAsync("contentKeyPolicies/p1");
        var (_, beforeSecrets) = await region.PostAsync("contentKeyPolicies/p1/getPolicyPropertiesWithSecrets");

        var (status, error) = await region.PutAsync("contentKeyPolicies/p1", InvalidPolicy(invalid).ToJsonString());
        var (createStatus, _) = await region.PutAsync("contentKeyPolicies/p2", InvalidPolicy(invalid).ToJsonString());

        Assert.Equal(400, status);
        Assert.Equal(400, createStatus);
        Assert.Equal(target, (string?)error!["error"]!["target"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["error"]!["message"]));
        Assert.DoesNotContain("Meridian.", (string?)error["error"]!["message"], StringComparison.Ordinal);
        var (_, after) = await region.GetAsync("contentKeyPolicies/p1");
        var (_, afterSecrets) = await region.PostAsync("contentKeyPolicies/p1/getPolicyPropertiesWithSecrets");
        Assert.True(JsonNode.DeepEquals(before, after));
        Assert.True(JsonNode.DeepEquals(beforeSecrets, afterSecrets));
        Assert.Equal(404, (await region.GetAsync("contentKeyPolicies/p2")).Status);
    }

    [Fact]
    public async Task Put_ODataTypeInOtherCasing_IsStoredCanonical()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var body = """
            {"properties":{"options":[{"name":"a",
              "configuration":{"@odata.type":"#microsoft.media.contentkeypolicyclearkeyconfiguration"},
              "restriction":{"@odata.type":"#MICROSOFT.MEDIA.CONTENTKEYPOLICYOPENRESTRICTION"}}]}}
            """;
        var (status, created) = await region.PutAsync("contentKeyPolicies/p1", body);

        Assert.Equal(201, status);
        Assert.Equal(ClearKey, (string?)created!["properties"]!["options"]![0]!["configuration"]!["@odata.type"]);
        Assert.Equal(Open, (string?)created["properties"]!["options"]![0]!["restriction"]!["@odata.type"]);
    }

    [Fact]
    public async Task Delete_Policy_Returns200Then204()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("contentKeyPolicies/p1", OpenClearKeyPolicy("d", "a"));

        Assert.Equal(200, (await region.DeleteAsync("contentKeyPolicies/p1")).Status);
        Assert.Equal(204, (await region.DeleteAsync("contentKeyPolicies/p1")).Status);
        var (status, error) = await region.GetAsync("contentKeyPolicies/p1");
        Assert.Equal(404, status);
        Assert.Equal("ResourceNotFound", (string?)error!["error"]!["code"]);
        Assert.Equal(404, (await region.PostAsync("contentKeyPolicies/p1/getPolicyPropertiesWithSecrets")).Status);
    }

    [Theory]
    [InlineData("streaminglocators", """{"assetName":"a1","streamingPolicyName":"Predefined_ClearKey","defaultContentKeyPolicyName":"P1"}""")]
    [InlineData("streaminglocators", """{"assetName":"a1","contentKeys":[{"id":"00000000-0000-0000-0000-000000000001","policyName":"p1"}]}""")]
    [InlineData("streamingpolicies", """{"envelopeEncryption":{"contentKeys":{"defaultKey":{"label":"k","policyName":"p1"}}}}""")]
    [InlineData("streamingpolicies", """{"commonEncryptionCenc":{"contentKeys":{"keyToTrackMappings":[{"label":"k","policyName":"p1"}]}}}""")]
    public async Task Delete_PolicyAReferrerNames_Returns409UntilTheReferrerIsGone(string kind, string properties)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("contentKeyPolicies/p1", OpenClearKeyPolicy("d", "a"));
        var store = region.Server.Services.GetRequiredService<IMetadataStore>();
        var key = new ResourceKey(AccountScope, kind, "referrer");
        var document = new ResourceDocument { Name = "referrer", Properties = JsonNode.Parse(properties)!.AsObject() };
        await store.WriteAsync(s =>
        {
            s.Put(new StoredResource(key, document.Serialize()));
            return 0;
        }, TestContext.Current.CancellationToken);

        var (status, error) = await region.DeleteAsync("contentKeyPolicies/p1");
        Assert.Equal(409, status);
        Assert.Contains("'referrer'", (string?)error!["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(200, (await region.GetAsync("contentKeyPolicies/p1")).Status);

        await store.WriteAsync(s => s.Delete(key), TestContext.Current.CancellationToken);
        Assert.Equal(200, (await region.DeleteAsync("contentKeyPolicies/p1")).Status);
    }

    [Fact]
    public async Task List_FiltersOnDocumentedProperties()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("contentKeyPolicies/p1", OpenClearKeyPolicy("one", "a"));
        var (_, second) = await region.PutAsync("contentKeyPolicies/p2", OpenClearKeyPolicy("two", "a"));

        var (_, byDescription) = await region.GetAsync("contentKeyPolicies?$filter=properties/description eq 'two'");
        Assert.Equal("p2", (string?)Assert.Single(byDescription!["value"]!.AsArray())!["name"]);
        var policyId = (string?)second!["properties"]!["policyId"];
        var (_, byId) = await region.GetAsync($"contentKeyPolicies?$filter=properties/policyId eq {policyId}");
        Assert.Equal("p2", (string?)Assert.Single(byId!["value"]!.AsArray())!["name"]);
        var (_, ordered) = await region.GetAsync("contentKeyPolicies?$orderby=name desc");
        Assert.Equal(["p2", "p1"], ordered!["value"]!.AsArray().Select(v => (string?)v!["name"]));
        var (badStatus, _) = await region.GetAsync("contentKeyPolicies?$filter=properties/options eq 'x'");
        Assert.Equal(400, badStatus);

        // Dates as AMS's own example writes them (content-key-policies-list-in-date-range.json): midnight UTC.
        var (rangeStatus, range) = await region.GetAsync("contentKeyPolicies?$filter=properties/lastModified gt 2016-06-01 and properties/created lt 2013-07-01");
        Assert.Equal(200, rangeStatus);
        Assert.Empty(range!["value"]!.AsArray());
        var (_, since) = await region.GetAsync("contentKeyPolicies?$filter=properties/created gt 2016-06-01");
        Assert.Equal(2, since!["value"]!.AsArray().Count);
        Assert.Equal(400, (await region.GetAsync("contentKeyPolicies?$filter=properties/created gt 2016-13-01")).Status);
    }

    private static string AccountScope => $"{TestRegion.Subscription}/{TestRegion.ResourceGroup}/{TestRegion.Account}".ToLowerInvariant();

    private static object OpenClearKeyPolicy(string description, string optionName) =>
        new { properties = new { description, options = new[] { OpenClearKeyOption(optionName) } } };

    private static Dictionary<string, object> OpenClearKeyOption(string name) =>
        new Dictionary<string, object>
        {
            ["name"] = name,
            ["configuration"] = new Dictionary<string, object> { ["@odata.type"] = ClearKey },
            ["restriction"] = new Dictionary<string, object> { ["@odata.type"] = Open },
        };

    private static JsonNode OptionNode(string name) => JsonSerializer.SerializeToNode(OpenClearKeyOption(name))!;

    /// <summary>A policy with every configuration, restriction and key type.</summary>
    private static string FullPolicy() => FullPolicyNode().ToJsonString();

    private static JsonObject FullPolicyNode()
    {
        var (exponent, modulus) = RsaKey.Value;
        var options = new JsonArray
        {
            new JsonObject
            {
                ["name"] = "playready",
                ["configuration"] = new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyPlayReadyConfiguration",
                    ["responseCustomData"] = "custom-data",
                    ["licenses"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["allowTestDevices"] = true,
                            ["securityLevel"] = "SL2000",
                            ["beginDate"] = "2024-01-01T00:00:00Z",
                            ["relativeExpirationDate"] = "PT1H",
                            ["gracePeriod"] = "PT5M",
                            ["licenseType"] = "Persistent",
                            ["contentType"] = "Unspecified",
                            ["contentKeyLocation"] = new JsonObject
                            {
                                ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyPlayReadyContentEncryptionKeyFromKeyIdentifier",
                                ["keyId"] = "5e2f3b4c-0000-4000-8000-00000000000a",
                            },
                            ["playRight"] = new JsonObject
                            {
                                ["firstPlayExpiration"] = "PT2H",
                                ["scmsRestriction"] = 2,
                                ["agcAndColorStripeRestriction"] = 1,
                                ["explicitAnalogTelevisionOutputRestriction"] = new JsonObject { ["bestEffort"] = true, ["configurationData"] = 2 },
                                ["digitalVideoOnlyContentRestriction"] = false,
                                ["imageConstraintForAnalogComponentVideoRestriction"] = true,
                                ["imageConstraintForAnalogComputerMonitorRestriction"] = false,
                                ["allowPassingVideoContentToUnknownOutput"] = "AllowedWithVideoConstriction",
                                ["uncompressedDigitalVideoOpl"] = 270,
                                ["compressedDigitalVideoOpl"] = 400,
                                ["analogVideoOpl"] = 150,
                                ["compressedDigitalAudioOpl"] = 250,
                                ["uncompressedDigitalAudioOpl"] = 300,
                            },
                        },
                        new JsonObject
                        {
                            ["allowTestDevices"] = false,
                            ["licenseType"] = "NonPersistent",
                            ["contentType"] = "UltraVioletStreaming",
                            ["contentKeyLocation"] = new JsonObject
                            {
                                ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyPlayReadyContentEncryptionKeyFromHeader",
                            },
                        },
                    },
                },
                ["restriction"] = new JsonObject { ["@odata.type"] = Open },
            },
            new JsonObject
            {
                ["name"] = "widevine",
                ["configuration"] = new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyWidevineConfiguration",
                    ["widevineTemplate"] = """{"allowed_track_types":"SD_HD"}""",
                },
                ["restriction"] = new JsonObject { ["@odata.type"] = Open },
            },
            new JsonObject
            {
                ["name"] = "fairplay",
                ["configuration"] = new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyFairPlayConfiguration",
                    ["ask"] = Ask,
                    ["fairPlayPfx"] = Pfx.Value,
                    ["fairPlayPfxPassword"] = PfxPassword,
                    ["rentalAndLeaseKeyType"] = "DualExpiry",
                    ["rentalDuration"] = 0,
                    ["offlineRentalConfiguration"] = new JsonObject { ["playbackDurationSeconds"] = 600, ["storageDurationSeconds"] = 3600 },
                },
                ["restriction"] = new JsonObject { ["@odata.type"] = Open },
            },
            new JsonObject
            {
                ["name"] = "token",
                ["configuration"] = new JsonObject { ["@odata.type"] = ClearKey },
                ["restriction"] = new JsonObject
                {
                    ["@odata.type"] = Token,
                    ["issuer"] = "urn:issuer",
                    ["audience"] = "urn:audience",
                    ["restrictionTokenType"] = "Jwt",
                    ["primaryVerificationKey"] = new JsonObject
                    {
                        ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicySymmetricTokenKey",
                        ["keyValue"] = SymmetricKey,
                    },
                    ["alternateVerificationKeys"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyRsaTokenKey",
                            ["exponent"] = exponent,
                            ["modulus"] = modulus,
                        },
                        new JsonObject
                        {
                            ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyX509CertificateTokenKey",
                            ["rawBody"] = CertificateBody.Value,
                        },
                    },
                    ["requiredClaims"] = new JsonArray
                    {
                        new JsonObject { ["claimType"] = "urn:microsoft:azure:mediaservices:contentkeyidentifier" },
                        new JsonObject { ["claimType"] = "role", ["claimValue"] = "viewer" },
                    },
                    ["openIdConnectDiscoveryDocument"] = "https://login.example.com/.well-known/openid-configuration",
                },
            },
        };
        return new JsonObject { ["properties"] = new JsonObject { ["description"] = "full", ["options"] = options } };
    }

    /// <summary>A one-option policy that breaks one rule.</summary>
    private static JsonObject InvalidPolicy(string invalid)
    {
        var full = FullPolicyNode();
        var options = full["properties"]!["options"]!.AsArray();
        JsonObject? only = null;
        JsonObject Only(string name)
        {
            if (only is null)
            {
                only = Option(options, name).DeepClone().AsObject();
                full["properties"]!["options"] = new JsonArray(only);
            }

            return only;
        }

        JsonObject TokenRestriction() => Only("token")["restriction"]!.AsObject();
        JsonObject PrimaryKey() => TokenRestriction()["primaryVerificationKey"]!.AsObject();
        JsonObject FairPlay() => Only("fairplay")["configuration"]!.AsObject();
        JsonObject License() => Only("playready")["configuration"]!["licenses"]![0]!.AsObject();

        switch (invalid)
        {
            case "no-options":
                full["properties"]!["options"] = new JsonArray();
                break;
            case "too-many-options":
                full["properties"]!["options"] = new JsonArray([.. Enumerable.Range(0, 31).Select(i =>
                    OptionNode($"o{i}"))]);
                break;
            case "duplicate-option-names":
                full["properties"]!["options"] = new JsonArray(
                    OptionNode("same"),
                    OptionNode("SAME"));
                break;
            case "unknown-configuration-type":
                Only("token")["configuration"]!["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyMagicConfiguration";
                break;
            case "unknown-configuration-placeholder":
                Only("token")["configuration"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyUnknownConfiguration" };
                break;
            case "unknown-restriction-placeholder":
                Only("token")["restriction"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyUnknownRestriction" };
                break;
            case "missing-restriction-type":
                Only("token")["restriction"]!.AsObject().Remove("@odata.type");
                break;
            case "missing-restriction":
                Only("token").Remove("restriction");
                break;
            case "symmetric-key-not-base64":
                PrimaryKey()["keyValue"] = "not base64!";
                break;
            case "symmetric-key-too-short":
                PrimaryKey()["keyValue"] = Convert.ToBase64String(new byte[8]);
                break;
            case "rsa-modulus-too-short":
                TokenRestriction()["primaryVerificationKey"] = new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyRsaTokenKey",
                    ["exponent"] = "AQAB",
                    ["modulus"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
                };
                break;
            case "rsa-exponent-not-base64":
                TokenRestriction()["primaryVerificationKey"] = new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyRsaTokenKey",
                    ["exponent"] = "***",
                    ["modulus"] = RsaKey.Value.Modulus,
                };
                break;
            case "x509-not-a-certificate":
                TokenRestriction()["alternateVerificationKeys"]!.AsArray().RemoveAt(0);
                TokenRestriction()["alternateVerificationKeys"]![0]!["rawBody"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(200));
                break;
            case "issuer-empty":
                TokenRestriction()["issuer"] = " ";
                break;
            case "audience-missing":
                TokenRestriction().Remove("audience");
                break;
            case "token-type-unknown":
                TokenRestriction()["restrictionTokenType"] = "Unknown";
                break;
            case "token-type-invalid":
                TokenRestriction()["restrictionTokenType"] = "Saml";
                break;
            case "swt-with-rsa-key":
                var restriction = TokenRestriction();
                restriction.Remove("openIdConnectDiscoveryDocument");
                restriction["restrictionTokenType"] = "Swt";
                restriction["primaryVerificationKey"] = restriction["alternateVerificationKeys"]![0]!.DeepClone();
                break;
            case "fairplay-ask-15-bytes":
                FairPlay()["ask"] = Convert.ToBase64String(new byte[15]);
                break;
            case "fairplay-wrong-password":
                FairPlay()["fairPlayPfxPassword"] = "wrong";
                break;
            case "fairplay-pfx-not-base64":
                FairPlay()["fairPlayPfx"] = "%%%";
                break;
            case "fairplay-dual-expiry-without-offline":
                FairPlay().Remove("offlineRentalConfiguration");
                break;
            case "playready-no-licenses":
                Only("playready")["configuration"]!["licenses"] = new JsonArray();
                break;
            case "playready-bad-license-type":
                License()["licenseType"] = "Sometimes";
                break;
            case "playready-bad-opl":
                License()["playRight"]!["compressedDigitalVideoOpl"] = 100;
                break;
            case "playready-key-id-missing":
                License()["contentKeyLocation"]!.AsObject().Remove("keyId");
                break;
            case "playready-bad-duration":
                License()["relativeExpirationDate"] = "one hour";
                break;
            case "playready-both-begin-dates":
                License()["relativeBeginDate"] = "PT0S";
                break;
            case "widevine-template-not-json":
                Only("widevine")["configuration"]!["widevineTemplate"] = "{allowed_track_types: SD_HD";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(invalid), invalid, null);
        }

        return full;
    }

    private static JsonNode Option(JsonNode propertiesOrOptions, string name)
    {
        var options = propertiesOrOptions is JsonArray array ? array : propertiesOrOptions["options"]!.AsArray();
        return options.Single(o => (string?)o!["name"] == name)!;
    }

    private static void AssertBlanked(JsonNode properties)
    {
        var fairPlay = Option(properties, "fairplay")["configuration"]!;
        Assert.Equal("", (string?)fairPlay["ask"]);
        Assert.Equal("", (string?)fairPlay["fairPlayPfx"]);
        Assert.Equal("", (string?)fairPlay["fairPlayPfxPassword"]);
        var token = Option(properties, "token")["restriction"]!;
        Assert.Equal("", (string?)token["primaryVerificationKey"]!["keyValue"]);
        Assert.Equal("", (string?)token["alternateVerificationKeys"]![0]!["exponent"]);
        Assert.Equal("", (string?)token["alternateVerificationKeys"]![0]!["modulus"]);
        Assert.Equal("", (string?)token["alternateVerificationKeys"]![1]!["rawBody"]);
        var text = properties.ToJsonString();
        Assert.DoesNotContain(SymmetricKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Ask, text, StringComparison.Ordinal);
        Assert.DoesNotContain(PfxPassword, text, StringComparison.Ordinal);
    }

    private static void AssertSecrets(JsonNode properties)
    {
        var fairPlay = Option(properties, "fairplay")["configuration"]!;
        Assert.Equal(Ask, (string?)fairPlay["ask"]);
        Assert.Equal(Pfx.Value, (string?)fairPlay["fairPlayPfx"]);
        Assert.Equal(PfxPassword, (string?)fairPlay["fairPlayPfxPassword"]);
        var token = Option(properties, "token")["restriction"]!;
        Assert.Equal(SymmetricKey, (string?)token["primaryVerificationKey"]!["keyValue"]);
        Assert.Equal(RsaKey.Value.Exponent, (string?)token["alternateVerificationKeys"]![0]!["exponent"]);
        Assert.Equal(RsaKey.Value.Modulus, (string?)token["alternateVerificationKeys"]![0]!["modulus"]);
        Assert.Equal(CertificateBody.Value, (string?)token["alternateVerificationKeys"]![1]!["rawBody"]);
    }

    private static string CreatePfx() => CreatePfx(PfxPassword);

    private static string CreatePfx(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Meridian FairPlay test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, password));
    }

    private static string CreateCertificateBody()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Meridian token signer", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.RawData);
    }

    private static (string Exponent, string Modulus) CreateRsaKey()
    {
        using var key = RSA.Create(2048);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return (Convert.ToBase64String(parameters.Exponent!), Convert.ToBase64String(parameters.Modulus!));
    }
}
