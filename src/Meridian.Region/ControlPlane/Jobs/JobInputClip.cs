namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>Input files, optionally trimmed to <see cref="Start"/>..<see cref="End"/>.</summary>
public record JobInputClip : JobInput
{
    public IReadOnlyList<string>? Files { get; init; }

    public ClipTime? Start { get; init; }

    public ClipTime? End { get; init; }

    public string? Label { get; init; }
}
