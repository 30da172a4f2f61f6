namespace Meridian.Region.ControlPlane.Filters;

/// <summary>The part of the presentation a filter keeps. Times are int64 counts of <see cref="Timescale"/> units.</summary>
public sealed record PresentationTimeRange
{
    /// <summary>The units per second of every other value. The default is 10,000,000 (100 ns).</summary>
    public const long DefaultTimescale = 10_000_000;

    public long? StartTimestamp { get; init; }

    public long? EndTimestamp { get; init; }

    /// <summary>Live only: the sliding window to keep in the playlist.</summary>
    public long? PresentationWindowDuration { get; init; }

    /// <summary>Live only: how far behind the live edge playback starts.</summary>
    public long? LiveBackoffDuration { get; init; }

    public long? Timescale { get; init; }

    /// <summary>Live only: apply <see cref="EndTimestamp"/> even while the event is live.</summary>
    public bool? ForceEndTimestamp { get; init; }
}
