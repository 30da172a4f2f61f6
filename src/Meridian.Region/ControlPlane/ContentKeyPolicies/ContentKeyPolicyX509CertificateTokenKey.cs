namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>An X.509 certificate (base64 DER) whose public key verifies JWTs.</summary>
public sealed record ContentKeyPolicyX509CertificateTokenKey : ContentKeyPolicyRestrictionTokenKey
{
    public string? RawBody { get; init; }
}
