namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary><c>Microsoft.Media/mediaservices/contentKeyPolicies</c> properties (2022-08-01).</summary>
public sealed record ContentKeyPolicyProperties
{
    /// <summary>Read-only; generated on create and kept for the policy's life.</summary>
    public Guid? PolicyId { get; init; }

    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? Description { get; init; }

    /// <summary>Required, 1 to 30. Key delivery picks the first option whose restriction the request meets.</summary>
    public IReadOnlyList<ContentKeyPolicyOption>? Options { get; init; }
}
