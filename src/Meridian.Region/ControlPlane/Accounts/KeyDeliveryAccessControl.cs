using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.Accounts;

/// <summary>
/// An account's <c>properties.keyDelivery.accessControl</c>: <c>defaultAction</c> <c>Allow</c> (anyone may ask for keys,
/// and the list must be empty, as in AMS) or <c>Deny</c> (only addresses in <c>ipAllowList</c>, single addresses or CIDR
/// ranges, may). The origin still serves segments to everyone; only keys and licenses are held back.
/// </summary>
public sealed record KeyDeliveryAccessControl(bool DenyByDefault, IReadOnlyList<string> IpAllowList)
{
    /// <summary>Anyone may ask for keys (an account's default).</summary>
    public static KeyDeliveryAccessControl AllowAll { get; } = new(false, []);

    private IReadOnlyList<IPNetwork> Networks { get; } = [.. IpAllowList.Select(ParseNetwork).OfType<IPNetwork>()];

    /// <summary>Whether a request from <paramref name="address"/> may ask for keys at all.</summary>
    public bool Allows(IPAddress? address)
    {
        if (!DenyByDefault)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var client = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Networks.Any(n => n.Contains(client));
    }

    /// <summary>The ARM form, as an account GET shows it.</summary>
    public JsonObject ToJson()
    {
        var accessControl = new JsonObject { ["defaultAction"] = DenyByDefault ? "Deny" : "Allow" };
        if (IpAllowList.Count > 0)
        {
            accessControl["ipAllowList"] = new JsonArray([.. IpAllowList.Select(ip => (JsonNode)JsonValue.Create(ip))]);
        }

        return new JsonObject { ["accessControl"] = accessControl };
    }

    /// <summary>
    /// The rule an account PUT or PATCH sets: null when <paramref name="properties"/> does not name <c>keyDelivery</c>
    /// (the account keeps its rule); <see cref="AllowAll"/> when it names it as null or without an
    /// <c>accessControl</c>. A PATCH passes the stored <c>keyDelivery</c> as <paramref name="stored"/>, and the body's
    /// is merged into it (RFC 7396), so a PATCH naming only <c>ipAllowList</c> keeps <c>defaultAction</c>.
    /// </summary>
    public static KeyDeliveryAccessControl? Read(JsonObject? properties, JsonNode? stored)
    {
        if (properties is null || !properties.TryGetPropertyValue("keyDelivery", out var given))
        {
            return null;
        }

        if (given is JsonObject patch && stored is JsonObject current)
        {
            var merged = (JsonObject)current.DeepClone();
            ArmJson.MergePatch(merged, patch);
            given = merged;
        }

        return Parse(given) ?? AllowAll;
    }

    /// <summary>Reads <c>properties.keyDelivery</c>; null when it does not say.</summary>
    /// <exception cref="ArmException">400 for an unknown action, an address that does not parse, or a list with <c>Allow</c>.</exception>
    public static KeyDeliveryAccessControl? Parse(JsonNode? keyDelivery)
    {
        const string Target = "properties.keyDelivery.accessControl";
        if (keyDelivery is null)
        {
            return null;
        }

        if (keyDelivery is not JsonObject delivery || delivery["accessControl"] is not { } node)
        {
            return keyDelivery is JsonObject ? null : throw ArmException.InvalidBody("'properties.keyDelivery' must be an object.", "properties.keyDelivery");
        }

        if (node is not JsonObject control)
        {
            throw ArmException.InvalidBody($"'{Target}' must be an object.", Target);
        }

        var action = control["defaultAction"] is { } a ? ArmJson.Read<string>(a, Target + ".defaultAction") : "Allow";
        var deny = action switch
        {
            _ when string.Equals(action, "Allow", StringComparison.OrdinalIgnoreCase) => false,
            _ when string.Equals(action, "Deny", StringComparison.OrdinalIgnoreCase) => true,
            _ => throw ArmException.InvalidBody($"'{Target}.defaultAction' must be 'Allow' or 'Deny'.", Target + ".defaultAction"),
        };
        var list = control["ipAllowList"] is { } l and not null ? ArmJson.Read<List<string>>(l, Target + ".ipAllowList") : [];
        for (var i = 0; i < list.Count; i++)
        {
            if (ParseNetwork(list[i]) is null)
            {
                throw ArmException.InvalidBody(
                    $"'{Target}.ipAllowList[{i}]' must be an IP address or a CIDR range with no host bits set, such as '203.0.113.0/24'.", $"{Target}.ipAllowList[{i}]");
            }
        }

        if (!deny && list.Count > 0)
        {
            throw ArmException.InvalidBody(
                $"'{Target}.ipAllowList' must be empty when 'defaultAction' is 'Allow': the list names who may ask when others are denied.",
                Target + ".ipAllowList");
        }

        return new KeyDeliveryAccessControl(deny, list);
    }

    /// <summary>
    /// An address (dotted-quad IPv4 or IPv6) or a CIDR range with no host bits set. The shorthand forms
    /// <c>IPAddress.TryParse</c> also takes (<c>127.1</c>, <c>1</c>) are refused: they rarely mean what they match.
    /// </summary>
    private static IPNetwork? ParseNetwork(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        var isV6 = addressText.Contains(':', StringComparison.Ordinal);
        if ((!isV6 && addressText.Count(c => c == '.') != 3) || !IPAddress.TryParse(addressText, out var address))
        {
            return null;
        }

        var full = isV6 ? 128 : 32;
        var prefix = full;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > full))
        {
            return null;
        }

        return IPNetwork.TryParse($"{address}/{prefix}", out var network) && network.BaseAddress.Equals(address) ? network : null;
    }
}
