namespace Meridian.Media.Packaging;

/// <summary>How the origin cuts segments; per asset or per request.</summary>
public sealed record SegmentPlanOptions
{
    public static SegmentPlanOptions Default { get; } = new();

    /// <summary>Target segment duration; video cuts at the sync sample nearest to it. Default 2 s.</summary>
    public TimeSpan TargetDuration { get; init; } = TimeSpan.FromSeconds(2);
}
