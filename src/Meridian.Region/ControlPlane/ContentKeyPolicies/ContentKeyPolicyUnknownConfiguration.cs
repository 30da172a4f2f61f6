namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>A configuration type this API version does not know; accepted and stored, never delivered.</summary>
public sealed record ContentKeyPolicyUnknownConfiguration : ContentKeyPolicyConfiguration;
