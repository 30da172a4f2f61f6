using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>
/// Checks every <c>@odata.type</c> of a policy body before it is deserialized, so that a missing or unknown type is a
/// 400 that names its place and the types allowed there (the serializer would report an abstract .NET type), and
/// rewrites each type to its canonical casing (the AMS SDKs and the portal did not agree on it).
/// </summary>
public static class ContentKeyPolicyODataTypes
{
    public const string PropertyName = "@odata.type";

    private static readonly IReadOnlyDictionary<string, string> Configurations = Discriminators<ContentKeyPolicyConfiguration>();
    private static readonly IReadOnlyDictionary<string, string> Restrictions = Discriminators<ContentKeyPolicyRestriction>();
    private static readonly IReadOnlyDictionary<string, string> TokenKeys = Discriminators<ContentKeyPolicyRestrictionTokenKey>();
    private static readonly IReadOnlyDictionary<string, string> KeyLocations = Discriminators<ContentKeyPolicyPlayReadyContentKeyLocation>();

    /// <summary>Checks and normalizes the types under <c>properties.options</c> of a PUT or PATCH body.</summary>
    public static void Normalize(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body["properties"] is not JsonObject properties || Find(properties, "options") is not JsonArray options)
        {
            return;
        }

        for (var i = 0; i < options.Count; i++)
        {
            if (options[i] is not JsonObject option)
            {
                continue;
            }

            var at = $"properties.options[{i}]";
            if (Check(Find(option, "configuration"), $"{at}.configuration", Configurations, "content key policy configuration")
                is "#Microsoft.Media.ContentKeyPolicyPlayReadyConfiguration" &&
                Find((JsonObject)Find(option, "configuration")!, "licenses") is JsonArray licenses)
            {
                for (var j = 0; j < licenses.Count; j++)
                {
                    if (licenses[j] is JsonObject license)
                    {
                        Check(Find(license, "contentKeyLocation"), $"{at}.configuration.licenses[{j}].contentKeyLocation", KeyLocations,
                            "PlayReady content key location");
                    }
                }
            }

            if (Check(Find(option, "restriction"), $"{at}.restriction", Restrictions, "content key policy restriction")
                is "#Microsoft.Media.ContentKeyPolicyTokenRestriction")
            {
                var restriction = (JsonObject)Find(option, "restriction")!;
                Check(Find(restriction, "primaryVerificationKey"), $"{at}.restriction.primaryVerificationKey", TokenKeys, "token key");
                if (Find(restriction, "alternateVerificationKeys") is JsonArray alternates)
                {
                    for (var k = 0; k < alternates.Count; k++)
                    {
                        Check(alternates[k], $"{at}.restriction.alternateVerificationKeys[{k}]", TokenKeys, "token key");
                    }
                }
            }
        }
    }

    /// <summary>Returns the canonical type of an object node, or null for anything else (left to the deserializer).</summary>
    private static string? Check(JsonNode? node, string target, IReadOnlyDictionary<string, string> allowed, string what)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        var key = obj.Select(kv => kv.Key).FirstOrDefault(k => string.Equals(k, PropertyName, StringComparison.OrdinalIgnoreCase));
        var choices = string.Join(", ", allowed.Values.Select(v => $"'{v}'"));
        if (key is null)
        {
            throw ArmException.InvalidBody($"'{target}' needs an '{PropertyName}' naming the {what} type: one of {choices}.", target);
        }

        var value = obj[key] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        if (value is null || !allowed.TryGetValue(value, out var canonical))
        {
            throw ArmException.InvalidBody(
                $"'{target}.{PropertyName}' is {(value is null ? "not a string" : $"'{value}'")}, which is not a {what} type. Use one of {choices}.",
                $"{target}.{PropertyName}");
        }

        obj.Remove(key);
        obj[PropertyName] = canonical;
        return canonical;
    }

    private static JsonNode? Find(JsonObject obj, string name) =>
        obj.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static Dictionary<string, string> Discriminators<TBase>() =>
        typeof(TBase).GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false)
            .Select(a => (string)a.TypeDiscriminator!)
            .ToDictionary(d => d, d => d, StringComparer.OrdinalIgnoreCase);
}
