namespace Meridian.Region.ControlPlane.Transforms;

/// <summary><c>Microsoft.Media/mediaservices/transforms</c> properties (Encoding 2022-07-01).</summary>
public sealed record TransformProperties
{
    public DateTimeOffset? Created { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public IReadOnlyList<TransformOutput>? Outputs { get; init; }
}
