namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>Whether video may go to outputs PlayReady does not know.</summary>
public enum ContentKeyPolicyPlayReadyUnknownOutputPassingOption
{
    Unknown,
    NotAllowed,
    Allowed,
    AllowedWithVideoConstriction,
}
