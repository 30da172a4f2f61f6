namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>A key-to-track mapping: the tracks that use a key of their own.</summary>
public sealed record StreamingPolicyContentKey
{
    public string? Label { get; init; }

    public string? PolicyName { get; init; }

    public IReadOnlyList<TrackSelection>? Tracks { get; init; }
}
