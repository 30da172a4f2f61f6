namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>The DRM systems of a CBCS scheme.</summary>
public sealed record CbcsDrmConfiguration
{
    public StreamingPolicyFairPlayConfiguration? FairPlay { get; init; }

    public StreamingPolicyPlayReadyConfiguration? PlayReady { get; init; }

    public StreamingPolicyWidevineConfiguration? Widevine { get; init; }
}
