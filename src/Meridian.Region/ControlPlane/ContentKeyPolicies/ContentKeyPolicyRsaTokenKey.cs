namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>An RSA public key as its exponent and modulus (base64, big-endian), for RS256-style JWTs.</summary>
public sealed record ContentKeyPolicyRsaTokenKey : ContentKeyPolicyRestrictionTokenKey
{
    public string? Exponent { get; init; }

    public string? Modulus { get; init; }
}
