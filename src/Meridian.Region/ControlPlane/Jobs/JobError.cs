namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>Why an output failed, with the AMS code, category and whether a retry may succeed.</summary>
public sealed record JobError
{
    public string? Code { get; init; }

    public string? Message { get; init; }

    public string? Category { get; init; }

    public string? Retry { get; init; }

    public IReadOnlyList<JobErrorDetail>? Details { get; init; }
}
