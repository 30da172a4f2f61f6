namespace Meridian.Media.Packaging.Dash;

/// <summary>Per-request DASH choices.</summary>
public sealed record DashOptions
{
    /// <summary><c>mpd-time-cmaf</c>: adds the CMAF profile. False for <c>mpd-time-csf</c>.</summary>
    public bool Cmaf { get; init; }
}
