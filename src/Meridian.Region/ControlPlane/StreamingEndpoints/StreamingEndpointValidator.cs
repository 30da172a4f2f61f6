using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Xml;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>The rules a streaming endpoint's properties meet; every refusal is a 400 whose target is the JSON path.</summary>
public static partial class StreamingEndpointValidator
{
    /// <summary>AMS allows up to 10 premium streaming units per endpoint.</summary>
    public const int MaxScaleUnits = 10;

    private static readonly string[] CdnProviders = ["StandardVerizon", "PremiumVerizon", "StandardAkamai"];

    /// <summary>Validates the properties and returns them with the CDN provider in its canonical casing.</summary>
    public static StreamingEndpointProperties Validate(StreamingEndpointProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        const string At = "properties";
        var units = properties.ScaleUnits ?? throw Bad("'scaleUnits' is required: 0 for a Standard endpoint, 1 to 10 for Premium.", $"{At}.scaleUnits");
        ScaleUnits(units, $"{At}.scaleUnits");
        if (properties.Description is { Length: > 4096 })
        {
            throw Bad("'description' is longer than 4096 characters.", $"{At}.description");
        }

        if (properties.MaxCacheAge is < 0)
        {
            throw Bad("'maxCacheAge' is in seconds and cannot be negative.", $"{At}.maxCacheAge");
        }

        var hosts = properties.CustomHostNames ?? [];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < hosts.Count; i++)
        {
            if (hosts[i] is not { } host || host.Length > 253 || !HostNamePattern().IsMatch(host))
            {
                throw Bad($"'{hosts[i]}' is not a DNS host name such as streaming.contoso.com.", $"{At}.customHostNames[{i}]");
            }

            if (!seen.Add(host))
            {
                throw Bad($"The custom host name '{host}' is listed twice.", $"{At}.customHostNames[{i}]");
            }
        }

        var cdnProvider = properties.CdnProvider;
        if (cdnProvider is not null)
        {
            cdnProvider = CdnProviders.FirstOrDefault(p => string.Equals(p, cdnProvider, StringComparison.OrdinalIgnoreCase)) ??
                throw Bad($"'cdnProvider' is '{cdnProvider}'; use {string.Join(", ", CdnProviders)}.", $"{At}.cdnProvider");
        }

        if (properties.CdnEnabled == true)
        {
            if (hosts.Count > 0)
            {
                throw Bad("A CDN-enabled streaming endpoint cannot have 'customHostNames'; the CDN's host names front it.", $"{At}.customHostNames");
            }

            if (properties.AccessControl is not null)
            {
                throw Bad("A CDN-enabled streaming endpoint cannot have 'accessControl'; control access at the CDN.", $"{At}.accessControl");
            }
        }

        if (properties.AccessControl is { } access)
        {
            AccessControl(access, $"{At}.accessControl");
        }

        if (properties.CrossSiteAccessPolicies is { } policies)
        {
            Xml(policies.ClientAccessPolicy, "access-policy", $"{At}.crossSiteAccessPolicies.clientAccessPolicy");
            Xml(policies.CrossDomainPolicy, "cross-domain-policy", $"{At}.crossSiteAccessPolicies.crossDomainPolicy");
        }

        return properties with { CdnProvider = cdnProvider };
    }

    /// <summary>Throws a 400 unless <paramref name="units"/> is 0 to <see cref="MaxScaleUnits"/>.</summary>
    public static void ScaleUnits(int units, string target)
    {
        if (units is < 0 or > MaxScaleUnits)
        {
            throw Bad($"Scale units are 0 (Standard) to {MaxScaleUnits} (Premium), not {units}.", target);
        }
    }

    private static void AccessControl(StreamingEndpointAccessControl access, string at)
    {
        var keys = access.Akamai?.AkamaiSignatureHeaderAuthenticationKeyList ?? [];
        for (var i = 0; i < keys.Count; i++)
        {
            var where = $"{at}.akamai.akamaiSignatureHeaderAuthenticationKeyList[{i}]";
            var key = keys[i] ?? throw Bad($"'{where}' cannot be null.", where);
            if (string.IsNullOrWhiteSpace(key.Identifier))
            {
                throw Bad($"'{where}.identifier' is required.", $"{where}.identifier");
            }

            if (string.IsNullOrEmpty(key.Base64Key) || !IsBase64(key.Base64Key))
            {
                throw Bad($"'{where}.base64Key' must be a non-empty base64 key.", $"{where}.base64Key");
            }

            if (key.Expiration is null)
            {
                throw Bad($"'{where}.expiration' is required.", $"{where}.expiration");
            }
        }

        var ranges = access.IP?.Allow ?? [];
        for (var i = 0; i < ranges.Count; i++)
        {
            var where = $"{at}.ip.allow[{i}]";
            var range = ranges[i] ?? throw Bad($"'{where}' cannot be null.", where);
            if (range.Address is null || !IPAddress.TryParse(range.Address, out var address))
            {
                throw Bad($"'{where}.address' must be an IPv4 or IPv6 address, not '{range.Address}'.", $"{where}.address");
            }

            var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (range.SubnetPrefixLength is { } prefix && (prefix < 0 || prefix > max))
            {
                throw Bad($"'{where}.subnetPrefixLength' is {prefix}; it must be 0 to {max} for {range.Address}.", $"{where}.subnetPrefixLength");
            }
        }
    }

    private static void Xml(string? text, string root, string target)
    {
        if (text is null)
        {
            return;
        }

        // DTDs are skipped, never fetched: crossdomain.xml usually names Adobe's.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersInDocument = 1 << 20 };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            reader.MoveToContent();
            if (reader.LocalName != root)
            {
                throw Bad($"'{target}' must be an XML document rooted at <{root}>, not <{reader.LocalName}>.", target);
            }

            while (reader.Read())
            {
            }
        }
        catch (XmlException ex)
        {
            throw Bad($"'{target}' is not well-formed XML: {ex.Message}", target);
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static ArmException Bad(string message, string target) => ArmException.BadRequest(message, target);

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex HostNamePattern();
}
