namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>
/// The secrets of a policy: token key material and the FairPlay ASK, PFX and password. Responses carry them as
/// <c>""</c>, as AMS does; only <c>getPolicyPropertiesWithSecrets</c> returns them.
/// </summary>
public static class ContentKeyPolicySecrets
{
    /// <summary>The properties with every secret replaced by <c>""</c>.</summary>
    public static ContentKeyPolicyProperties Blank(ContentKeyPolicyProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return properties with
        {
            Options = properties.Options?.Select(o => o with { Configuration = Blank(o.Configuration), Restriction = Blank(o.Restriction) }).ToList(),
        };
    }

    /// <summary>
    /// Fills the blank (<c>""</c>) secrets of an option sent in a PATCH from the stored option it replaces, where the
    /// shapes agree, so that a client can send back what a GET returned.
    /// </summary>
    public static ContentKeyPolicyOption Restore(ContentKeyPolicyOption incoming, ContentKeyPolicyOption? stored)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (stored is null)
        {
            return incoming;
        }

        var configuration = (incoming.Configuration, stored.Configuration) switch
        {
            (ContentKeyPolicyFairPlayConfiguration a, ContentKeyPolicyFairPlayConfiguration b) => a with
            {
                Ask = Keep(a.Ask, b.Ask),
                FairPlayPfx = Keep(a.FairPlayPfx, b.FairPlayPfx),
                FairPlayPfxPassword = Keep(a.FairPlayPfxPassword, b.FairPlayPfxPassword),
            },
            _ => incoming.Configuration,
        };
        var restriction = (incoming.Restriction, stored.Restriction) switch
        {
            (ContentKeyPolicyTokenRestriction a, ContentKeyPolicyTokenRestriction b) => a with
            {
                PrimaryVerificationKey = Restore(a.PrimaryVerificationKey, b.PrimaryVerificationKey),
                AlternateVerificationKeys = a.AlternateVerificationKeys?
                    .Select((key, i) => Restore(key, b.AlternateVerificationKeys?.ElementAtOrDefault(i))!)
                    .ToList(),
            },
            _ => incoming.Restriction,
        };
        return incoming with { Configuration = configuration, Restriction = restriction };
    }

    private static ContentKeyPolicyConfiguration? Blank(ContentKeyPolicyConfiguration? configuration) => configuration switch
    {
        ContentKeyPolicyFairPlayConfiguration fairPlay => fairPlay with { Ask = "", FairPlayPfx = "", FairPlayPfxPassword = "" },
        _ => configuration,
    };

    private static ContentKeyPolicyRestriction? Blank(ContentKeyPolicyRestriction? restriction) => restriction switch
    {
        ContentKeyPolicyTokenRestriction token => token with
        {
            PrimaryVerificationKey = Blank(token.PrimaryVerificationKey),
            AlternateVerificationKeys = token.AlternateVerificationKeys?.Select(k => Blank(k)!).ToList(),
        },
        _ => restriction,
    };

    private static ContentKeyPolicyRestrictionTokenKey? Blank(ContentKeyPolicyRestrictionTokenKey? key) => key switch
    {
        ContentKeyPolicySymmetricTokenKey symmetric => symmetric with { KeyValue = "" },
        ContentKeyPolicyRsaTokenKey rsa => rsa with { Exponent = "", Modulus = "" },
        ContentKeyPolicyX509CertificateTokenKey x509 => x509 with { RawBody = "" },
        _ => key,
    };

    private static ContentKeyPolicyRestrictionTokenKey? Restore(ContentKeyPolicyRestrictionTokenKey? incoming, ContentKeyPolicyRestrictionTokenKey? stored) =>
        (incoming, stored) switch
        {
            (ContentKeyPolicySymmetricTokenKey a, ContentKeyPolicySymmetricTokenKey b) => a with { KeyValue = Keep(a.KeyValue, b.KeyValue) },
            (ContentKeyPolicyRsaTokenKey a, ContentKeyPolicyRsaTokenKey b) => a with
            {
                Exponent = Keep(a.Exponent, b.Exponent),
                Modulus = Keep(a.Modulus, b.Modulus),
            },
            (ContentKeyPolicyX509CertificateTokenKey a, ContentKeyPolicyX509CertificateTokenKey b) => a with { RawBody = Keep(a.RawBody, b.RawBody) },
            _ => incoming,
        };

    private static string? Keep(string? incoming, string? stored) => incoming is "" ? stored : incoming;
}
