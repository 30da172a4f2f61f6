using Meridian.Region.ControlPlane.StreamingPolicies;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>
/// A content key of a locator. Callers may supply <see cref="Id"/>, <see cref="Value"/> and
/// <see cref="LabelReferenceInStreamingPolicy"/>; the rest is read-only and ignored on input, so the output of
/// <c>listContentKeys</c> can be PUT unchanged to another region (the HA replication pattern).
/// </summary>
public sealed record StreamingLocatorContentKey
{
    public Guid? Id { get; init; }

    public StreamingLocatorContentKeyType? Type { get; init; }

    public string? LabelReferenceInStreamingPolicy { get; init; }

    /// <summary>The 128-bit key, base64. Only <c>listContentKeys</c> returns it.</summary>
    public string? Value { get; init; }

    public string? PolicyName { get; init; }

    public IReadOnlyList<TrackSelection>? Tracks { get; init; }
}
