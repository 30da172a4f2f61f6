namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>A restriction type this API version does not know; accepted and stored, never met.</summary>
public sealed record ContentKeyPolicyUnknownRestriction : ContentKeyPolicyRestriction;
