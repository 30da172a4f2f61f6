namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>The key id comes from the PlayReady header of the license request.</summary>
public sealed record ContentKeyPolicyPlayReadyContentEncryptionKeyFromHeader : ContentKeyPolicyPlayReadyContentKeyLocation;
