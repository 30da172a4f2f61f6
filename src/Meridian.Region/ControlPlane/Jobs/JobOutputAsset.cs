namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>An output written into an asset of the account.</summary>
public sealed record JobOutputAsset : JobOutput
{
    public string? AssetName { get; init; }
}
