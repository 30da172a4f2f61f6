namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>The DRM systems of a CENC scheme.</summary>
public sealed record CencDrmConfiguration
{
    public StreamingPolicyPlayReadyConfiguration? PlayReady { get; init; }

    public StreamingPolicyWidevineConfiguration? Widevine { get; init; }
}
