namespace Meridian.Region.ControlPlane.Assets;

/// <summary>The body of <c>assets/{name}/listContainerSas</c> (AMS <c>ListContainerSasInput</c>).</summary>
public sealed record ListContainerSasInput
{
    public AssetContainerPermission? Permissions { get; init; }

    /// <summary>When the URLs stop working; in the future and at most 24 hours away.</summary>
    public DateTimeOffset? ExpiryTime { get; init; }
}
