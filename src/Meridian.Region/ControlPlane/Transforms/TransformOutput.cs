namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>One output of a transform: the preset, and how a failure of it affects the job.</summary>
public sealed record TransformOutput
{
    public OnErrorType? OnError { get; init; }

    public Priority? RelativePriority { get; init; }

    public Preset? Preset { get; init; }
}
