namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>Hands out the key itself: AES-128 envelope (HLS/DASH/Smooth) and ClearKey CENC.</summary>
public sealed record ContentKeyPolicyClearKeyConfiguration : ContentKeyPolicyConfiguration;
