namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>An HMAC key (base64), for SWT and HS256/384/512 JWTs.</summary>
public sealed record ContentKeyPolicySymmetricTokenKey : ContentKeyPolicyRestrictionTokenKey
{
    public string? KeyValue { get; init; }
}
