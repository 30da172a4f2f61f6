namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>One entry of <c>assets/{name}/listStreamingLocators</c>.</summary>
public sealed record AssetStreamingLocator
{
    public required string Name { get; init; }

    public string? AssetName { get; init; }

    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public Guid? StreamingLocatorId { get; init; }

    public string? StreamingPolicyName { get; init; }

    public string? DefaultContentKeyPolicyName { get; init; }
}
