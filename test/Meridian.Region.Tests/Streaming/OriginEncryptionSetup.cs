using System.Text.Json.Nodes;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Publishes test media under an encrypting streaming policy: an Open ClearKey content key policy, a custom streaming
/// policy with the given scheme configurations and a locator with a caller-supplied key (so two regions share it).
/// </summary>
internal static class OriginEncryptionSetup
{
    public const string ContentKeyPolicy = "open";

    /// <summary>An envelope (<c>encryption=cbc</c>) configuration with one default key labelled <paramref name="label"/>.</summary>
    public static JsonObject Envelope(string label = "envelope", bool dash = true, JsonArray? clearTracks = null, string? template = null)
    {
        var envelope = new JsonObject
        {
            ["enabledProtocols"] = new JsonObject { ["download"] = false, ["dash"] = dash, ["hls"] = true, ["smoothStreaming"] = false },
            ["contentKeys"] = new JsonObject { ["defaultKey"] = new JsonObject { ["label"] = label } },
        };
        if (clearTracks is not null)
        {
            envelope["clearTracks"] = clearTracks;
        }

        if (template is not null)
        {
            envelope["customKeyAcquisitionUrlTemplate"] = template;
        }

        return envelope;
    }

    /// <summary>
    /// Creates a streaming policy named <paramref name="policyName"/> with <paramref name="schemes"/>, whose default content
    /// key policy is <paramref name="contentKeyPolicy"/> (which must exist) or, by default, a new Open ClearKey policy.
    /// </summary>
    public static async Task PutPoliciesAsync(TestRegion region, string policyName, JsonObject schemes, string? contentKeyPolicy = null)
    {
        int status;
        JsonNode? response;
        if (contentKeyPolicy is null)
        {
            var option = new JsonObject
            {
                ["name"] = "open",
                ["configuration"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration" },
                ["restriction"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyOpenRestriction" },
            };
            var body = new JsonObject { ["properties"] = new JsonObject { ["options"] = new JsonArray(option) } };
            (status, response) = await region.SendAsync(HttpMethod.Put, $"contentKeyPolicies/{ContentKeyPolicy}", body.ToJsonString());
            Assert.True(status is 200 or 201, $"{status} {response}");
        }

        schemes["defaultContentKeyPolicyName"] = contentKeyPolicy ?? ContentKeyPolicy;
        (status, response) = await region.SendAsync(HttpMethod.Put, $"streamingPolicies/{policyName}",
            new JsonObject { ["properties"] = schemes }.ToJsonString());
        Assert.True(status is 200 or 201, $"{status} {response}");
    }

    /// <summary>Publishes <paramref name="shape"/> with a locator of <paramref name="policyName"/> holding the given keys.</summary>
    public static Task<Uri> PublishAsync(
        TestRegion region, MediaShape shape, string policyName, Guid locatorId, params (string Label, Guid Id, byte[] Value)[] keys) =>
        StreamingTestSetup.PublishAsync(region, shape.Name, shape.Paths, locatorId: locatorId, locatorProperties: new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["assetName"] = shape.Name,
                ["streamingPolicyName"] = policyName,
                ["streamingLocatorId"] = locatorId.ToString("D"),
                ["contentKeys"] = new JsonArray([.. keys.Select(k => (JsonNode)new JsonObject
                {
                    ["id"] = k.Id.ToString("D"),
                    ["labelReferenceInStreamingPolicy"] = k.Label,
                    ["value"] = Convert.ToBase64String(k.Value),
                })]),
            },
        });
}
