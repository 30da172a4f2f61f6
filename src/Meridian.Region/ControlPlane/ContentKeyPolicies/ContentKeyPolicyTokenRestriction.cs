using System.Text.Json.Serialization;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>
/// The key is delivered to a request carrying a token from <see cref="Issuer"/> for <see cref="Audience"/>, signed by
/// one of the verification keys (or by a key the OpenID Connect discovery document publishes), with the required claims.
/// </summary>
public sealed record ContentKeyPolicyTokenRestriction : ContentKeyPolicyRestriction
{
    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    public ContentKeyPolicyRestrictionTokenKey? PrimaryVerificationKey { get; init; }

    public IReadOnlyList<ContentKeyPolicyRestrictionTokenKey>? AlternateVerificationKeys { get; init; }

    public IReadOnlyList<ContentKeyPolicyTokenClaim>? RequiredClaims { get; init; }

    [JsonConverter(typeof(ArmEnumConverter<ContentKeyPolicyRestrictionTokenType>))]
    public ContentKeyPolicyRestrictionTokenType? RestrictionTokenType { get; init; }

    /// <summary>An absolute http(s) URL; its JWKS keys verify tokens too (Azure AD key rollover).</summary>
    public string? OpenIdConnectDiscoveryDocument { get; init; }
}
