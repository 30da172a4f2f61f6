namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>A claim the token must carry; a null value means any value.</summary>
public sealed record ContentKeyPolicyTokenClaim
{
    public string? ClaimType { get; init; }

    public string? ClaimValue { get; init; }
}
