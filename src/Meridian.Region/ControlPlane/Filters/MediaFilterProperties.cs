namespace Meridian.Region.ControlPlane.Filters;

/// <summary>
/// Properties of account and asset filters (<c>MediaFilterProperties</c>): a time window, the first quality to play,
/// and the tracks to keep. Conditions inside one track selection are ANDed; the selections are ORed.
/// </summary>
public sealed record MediaFilterProperties
{
    public PresentationTimeRange? PresentationTimeRange { get; init; }

    public FirstQuality? FirstQuality { get; init; }

    public IReadOnlyList<FilterTrackSelection>? Tracks { get; init; }
}
