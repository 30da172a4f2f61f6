namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>The explicit analog television output restriction of a PlayReady play right.</summary>
public sealed record ContentKeyPolicyPlayReadyExplicitAnalogTelevisionRestriction
{
    public bool BestEffort { get; init; }

    /// <summary>0 to 3.</summary>
    public int? ConfigurationData { get; init; }
}
