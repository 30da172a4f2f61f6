namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary><c>Microsoft.Media/mediaservices/streamingLocators</c> properties (2022-08-01).</summary>
public sealed record StreamingLocatorProperties
{
    public string? AssetName { get; init; }

    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    /// <summary>The id in streaming URLs; unique in the region.</summary>
    public Guid? StreamingLocatorId { get; init; }

    public string? StreamingPolicyName { get; init; }

    public string? DefaultContentKeyPolicyName { get; init; }

    public IReadOnlyList<StreamingLocatorContentKey>? ContentKeys { get; init; }

    /// <summary>Replaces <c>{AlternativeMediaId}</c> in the policy's URL templates.</summary>
    public string? AlternativeMediaId { get; init; }

    /// <summary>Names of account or asset filters applied to every request of the locator.</summary>
    public IReadOnlyList<string>? Filters { get; init; }
}
