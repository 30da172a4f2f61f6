namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>A set of tracks: every condition must hold (AND).</summary>
public sealed record TrackSelection
{
    public IReadOnlyList<TrackPropertyCondition>? TrackSelections { get; init; }
}
