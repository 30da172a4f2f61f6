namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>AMS <c>TrackPropertyCompareOperation</c> of a streaming policy's track selection.</summary>
public enum TrackPropertyCompareOperation
{
    Unknown,
    Equal,
}
