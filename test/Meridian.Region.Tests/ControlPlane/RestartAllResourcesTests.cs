using System.Text.Json.Nodes;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.ControlPlane;

/// <summary>A region restarted over its data directory still has every resource it had, byte for byte in the API.</summary>
public sealed class RestartAllResourcesTests
{
    [Fact]
    public async Task Restart_KeepsEveryKindOfResource()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await Put(region, "assets/a1", new { properties = new { description = "kept" } });
        await Put(region, "contentKeyPolicies/ckp1", new
        {
            properties = new
            {
                options = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["name"] = "token",
                        ["configuration"] = new Dictionary<string, object> { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration" },
                        ["restriction"] = new Dictionary<string, object>
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
                    },
                },
            },
        });
        await Put(region, "streamingPolicies/sp1", new
        {
            properties = new
            {
                defaultContentKeyPolicyName = "ckp1",
                envelopeEncryption = new
                {
                    enabledProtocols = new { download = false, dash = true, hls = true, smoothStreaming = true },
                    contentKeys = new { defaultKey = new { label = "aes" } },
                },
            },
        });
        await Put(region, "accountFilters/f1", new { properties = new { firstQuality = new { bitrate = 128000 } } });
        await Put(region, "assets/a1/assetFilters/af1", new { properties = new { tracks = Array.Empty<object>() } });
        await Put(region, "streamingLocators/l1", new
        {
            properties = new
            {
                assetName = "a1",
                streamingPolicyName = "sp1",
                streamingLocatorId = "90000000-0000-0000-0000-00000000000a",
                contentKeys = new[] { new { id = "60000000-0000-0000-0000-000000000001", value = "1UqLohAfWsEGkULYxHjYZg==", labelReferenceInStreamingPolicy = "aes" } },
            },
        });

        string[] reads =
        [
            TestRegion.AccountPath, "assets", "contentKeyPolicies", "streamingPolicies", "streamingLocators", "streamingEndpoints",
            "accountFilters", "assets/a1/assetFilters",
        ];
        string[] actions = ["streamingLocators/l1/listContentKeys", "streamingLocators/l1/listPaths", "contentKeyPolicies/ckp1/getPolicyPropertiesWithSecrets"];
        var before = await SnapshotAsync(region, reads, actions);

        await region.RestartAsync();

        var after = await SnapshotAsync(region, reads, actions);
        Assert.Equal(before, after);
        Assert.Contains("1UqLohAfWsEGkULYxHjYZg==", after, StringComparison.Ordinal);
    }

    private static async Task Put(TestRegion region, string path, object body)
    {
        var (status, response) = await region.PutAsync(path, body);
        Assert.True(status is 200 or 201, $"{path}: {status} {response?.ToJsonString()}");
    }

    private static async Task<string> SnapshotAsync(TestRegion region, string[] reads, string[] actions)
    {
        var parts = new List<string>();
        foreach (var path in reads)
        {
            var (status, body) = await region.GetAsync(path);
            Assert.Equal(200, status);
            parts.Add(Canonical(body));
        }

        foreach (var path in actions)
        {
            var (status, body) = await region.PostAsync(path);
            Assert.Equal(200, status);
            parts.Add(Canonical(body));
        }

        return string.Join('\n', parts);
    }

    // The streaming base URL is derived from the listener, whose port a test region picks afresh on every start.
    private static string Canonical(JsonNode? node) =>
        System.Text.RegularExpressions.Regex.Replace(node?.ToJsonString() ?? "null", "\"streamingBaseUrl\":\"[^\"]*\"", "");
}
