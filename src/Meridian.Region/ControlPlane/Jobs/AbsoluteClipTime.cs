namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>A time from the start of the input, as an ISO 8601 duration (e.g. <c>PT10S</c>).</summary>
public sealed record AbsoluteClipTime : ClipTime
{
    public string? Time { get; init; }
}
