namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>The token format: Simple Web Token or JSON Web Token.</summary>
public enum ContentKeyPolicyRestrictionTokenType
{
    Unknown,
    Swt,
    Jwt,
}
