namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>A file of an asset of the account.</summary>
public sealed record JobInputAsset : JobInputClip
{
    public string? AssetName { get; init; }
}
