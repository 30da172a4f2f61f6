namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>Whether the client may store the license.</summary>
public enum ContentKeyPolicyPlayReadyLicenseType
{
    Unknown,
    NonPersistent,
    Persistent,
}
