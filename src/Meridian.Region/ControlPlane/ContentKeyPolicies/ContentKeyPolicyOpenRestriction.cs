namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>The key is delivered on every request.</summary>
public sealed record ContentKeyPolicyOpenRestriction : ContentKeyPolicyRestriction;
