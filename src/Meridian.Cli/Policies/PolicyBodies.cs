using System.Text.Json.Nodes;

namespace Meridian.Cli.Policies;

/// <summary>Request bodies of content key policies and streaming policies, in the AMS v3 shapes (<c>@odata.type</c> polymorphism).</summary>
public static class PolicyBodies
{
    public const string ClearKeyConfiguration = "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration";
    public const string OpenRestriction = "#Microsoft.Media.ContentKeyPolicyOpenRestriction";
    public const string TokenRestriction = "#Microsoft.Media.ContentKeyPolicyTokenRestriction";
    public const string SymmetricTokenKey = "#Microsoft.Media.ContentKeyPolicySymmetricTokenKey";

    /// <summary>The protocol names <c>--protocols</c> takes, and the <c>enabledProtocols</c> property each one sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Protocols = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["hls"] = "hls",
        ["dash"] = "dash",
        ["smooth"] = "smoothStreaming",
        ["download"] = "download",
    };

    /// <summary>The schemes <c>--scheme</c> takes, and the streaming policy property each one sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Schemes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["clear"] = "noEncryption",
        ["envelope"] = "envelopeEncryption",
        ["cenc"] = "commonEncryptionCenc",
        ["cbcs"] = "commonEncryptionCbcs",
    };

    /// <summary>A content key policy with one ClearKey option (keys for AES-128 envelope and ClearKey CENC/CBCS).</summary>
    public static JsonObject ClearKeyPolicy(string? description, JsonObject restriction)
    {
        var properties = new JsonObject
        {
            ["options"] = new JsonArray(new JsonObject
            {
                ["name"] = "ClearKey",
                ["configuration"] = new JsonObject { ["@odata.type"] = ClearKeyConfiguration },
                ["restriction"] = restriction,
            }),
        };
        if (description is not null)
        {
            properties["description"] = description;
        }

        return new JsonObject { ["properties"] = properties };
    }

    /// <summary>Keys go to anyone who asks.</summary>
    public static JsonObject Open() => new() { ["@odata.type"] = OpenRestriction };

    /// <summary>Keys go to callers with a JWT from <paramref name="issuer"/> for <paramref name="audience"/>, signed HS256 with the key.</summary>
    public static JsonObject Token(string issuer, string audience, string symmetricKeyBase64) => new()
    {
        ["@odata.type"] = TokenRestriction,
        ["issuer"] = issuer,
        ["audience"] = audience,
        ["primaryVerificationKey"] = new JsonObject
        {
            ["@odata.type"] = SymmetricTokenKey,
            ["keyValue"] = symmetricKeyBase64,
        },
        ["restrictionTokenType"] = "Jwt",
    };

    /// <summary>The protocols a scheme gets when <c>--protocols</c> is not given, as AMS's predefined policies use them.</summary>
    public static string DefaultProtocols(string scheme) => scheme.ToLowerInvariant() switch
    {
        "cenc" => "dash,smooth",
        "cbcs" => "hls",
        _ => "hls,dash,smooth",
    };

    /// <summary>Parses <c>hls,dash,smooth,download</c> (any subset, any order).</summary>
    public static IReadOnlySet<string> ParseProtocols(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new CliException("--protocols needs at least one of hls, dash, smooth, download.");
        }

        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!Protocols.ContainsKey(name))
            {
                throw new CliException($"unknown protocol '{name}'; use hls, dash, smooth or download.");
            }

            set.Add(name.ToLowerInvariant());
        }

        return set;
    }

    /// <summary>A streaming policy with one scheme; encrypted schemes get a default content key labelled for the scheme.</summary>
    public static JsonObject StreamingPolicy(string scheme, IReadOnlySet<string> protocols, string? contentKeyPolicy)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(protocols);
        if (!Schemes.TryGetValue(scheme, out var property))
        {
            throw new CliException($"unknown scheme '{scheme}'; use clear, envelope, cenc or cbcs.");
        }

        var enabled = new JsonObject();
        foreach (var (name, json) in Protocols)
        {
            enabled[json] = protocols.Contains(name);
        }

        var encryption = new JsonObject { ["enabledProtocols"] = enabled };
        var key = scheme.ToLowerInvariant();
        if (key != "clear")
        {
            var label = key == "envelope" ? "aesDefaultKey" : $"{key}DefaultKey";
            encryption["contentKeys"] = new JsonObject { ["defaultKey"] = new JsonObject { ["label"] = label } };
        }

        if (key is "cenc" or "cbcs")
        {
            // No DRM: the keys are ClearKey, served by the region's key delivery.
            encryption["clearKeyEncryptionConfiguration"] = new JsonObject();
        }

        var properties = new JsonObject { [property] = encryption };
        if (contentKeyPolicy is not null)
        {
            properties["defaultContentKeyPolicyName"] = contentKeyPolicy;
        }

        return new JsonObject { ["properties"] = properties };
    }

    /// <summary>Which schemes a stored streaming policy uses, e.g. <c>envelope, cenc</c>.</summary>
    public static string DescribeSchemes(JsonObject policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var properties = policy["properties"] as JsonObject;
        return string.Join(", ", Schemes.Where(s => properties?[s.Value] is JsonObject).Select(s => s.Key));
    }

    /// <summary>Which protocols a stored streaming policy enables over all its schemes, e.g. <c>hls, dash</c>.</summary>
    public static string DescribeProtocols(JsonObject policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var properties = policy["properties"] as JsonObject;
        var enabled = Protocols.Where(p => Schemes.Values.Any(s =>
            properties?[s]?["enabledProtocols"]?[p.Value] is JsonValue v && v.TryGetValue<bool>(out var on) && on));
        return string.Join(", ", enabled.Select(p => p.Key));
    }

    /// <summary>One content key policy option as <c>ClearKey/Open</c> or <c>ClearKey/Token</c>.</summary>
    public static string DescribeOption(JsonNode? option)
    {
        static string Short(JsonNode? node, string prefix) =>
            node?["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var type)
                ? type.Replace("#Microsoft.Media.", "", StringComparison.Ordinal).Replace(prefix, "", StringComparison.Ordinal)
                : "?";
        return $"{Short(option?["configuration"], "ContentKeyPolicy").Replace("Configuration", "", StringComparison.Ordinal)}/" +
            $"{Short(option?["restriction"], "ContentKeyPolicy").Replace("Restriction", "", StringComparison.Ordinal)}";
    }
}
