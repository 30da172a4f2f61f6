using System.Text.Json.Serialization;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Transforms;

namespace Meridian.Region.ControlPlane.Jobs;

/// <summary><c>Microsoft.Media/mediaservices/transforms/jobs</c> properties (Encoding 2022-07-01).</summary>
public sealed record JobProperties
{
    public DateTimeOffset? Created { get; init; }

    public string? State { get; init; }

    public string? Description { get; init; }

    public JobInput? Input { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public IReadOnlyList<JobOutput>? Outputs { get; init; }

    [JsonConverter(typeof(ArmEnumConverter<Priority>))]
    public Priority Priority { get; init; } = Priority.Normal;

    public IReadOnlyDictionary<string, string>? CorrelationData { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }
}
