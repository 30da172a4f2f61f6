namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>The lowest PlayReady client security level the license is issued to.</summary>
public enum ContentKeyPolicyPlayReadySecurityLevel
{
    Unknown,
    SL150,
    SL2000,
    SL3000,
}
