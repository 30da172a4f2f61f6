namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>One condition of a track selection, e.g. <c>FourCC Equal hev1</c>.</summary>
public sealed record TrackPropertyCondition
{
    public TrackPropertyType? Property { get; init; }

    public TrackPropertyCompareOperation? Operation { get; init; }

    public string? Value { get; init; }
}
