namespace Meridian.Region.ControlPlane.Filters;

/// <summary>Tracks that meet all of <see cref="TrackSelections"/>.</summary>
public sealed record FilterTrackSelection
{
    public IReadOnlyList<FilterTrackPropertyCondition>? TrackSelections { get; init; }
}
