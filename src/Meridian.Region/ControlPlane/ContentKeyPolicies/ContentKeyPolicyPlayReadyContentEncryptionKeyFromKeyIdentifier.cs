namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>The license is always for one key id.</summary>
public sealed record ContentKeyPolicyPlayReadyContentEncryptionKeyFromKeyIdentifier : ContentKeyPolicyPlayReadyContentKeyLocation
{
    public Guid? KeyId { get; init; }
}
