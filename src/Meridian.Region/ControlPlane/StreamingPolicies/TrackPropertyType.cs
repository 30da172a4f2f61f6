namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>AMS <c>TrackPropertyType</c> of a streaming policy's track selection.</summary>
public enum TrackPropertyType
{
    Unknown,
    FourCC,
}
