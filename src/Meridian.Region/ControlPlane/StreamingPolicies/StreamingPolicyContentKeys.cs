namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>The keys of one encryption scheme: a default key and optional per-track keys.</summary>
public sealed record StreamingPolicyContentKeys
{
    public DefaultKey? DefaultKey { get; init; }

    public IReadOnlyList<StreamingPolicyContentKey>? KeyToTrackMappings { get; init; }
}
