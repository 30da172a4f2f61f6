using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>A job's output; the read-only state, progress and times are the job runner's.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "@odata.type")]
[JsonDerivedType(typeof(JobOutputAsset), "#Microsoft.Media.JobOutputAsset")]
public abstract record JobOutput
{
    public string? Label { get; init; }

    public JobError? Error { get; init; }

    public string? State { get; init; }

    public int? Progress { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }
}
