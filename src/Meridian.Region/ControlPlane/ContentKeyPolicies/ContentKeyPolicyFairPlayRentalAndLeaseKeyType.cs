namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>How a FairPlay key expires.</summary>
public enum ContentKeyPolicyFairPlayRentalAndLeaseKeyType
{
    Unknown,
    Undefined,
    DualExpiry,
    PersistentUnlimited,
    PersistentLimited,
}
