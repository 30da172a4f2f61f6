namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>Dual-expiry offline rental: how long playback lasts once started, and how long the license may be stored.</summary>
public sealed record ContentKeyPolicyFairPlayOfflineRentalConfiguration
{
    public long? PlaybackDurationSeconds { get; init; }

    public long? StorageDurationSeconds { get; init; }
}
