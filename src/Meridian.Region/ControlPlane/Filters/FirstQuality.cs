namespace Meridian.Region.ControlPlane.Filters;

/// <summary>The bitrate (bits per second) of the quality a player starts with.</summary>
public sealed record FirstQuality
{
    public int? Bitrate { get; init; }
}
