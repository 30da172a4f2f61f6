namespace Meridian.Media.Isobmff;

/// <summary>A <c>traf</c>, ISO/IEC 14496-12 §8.8.6, reduced to what indexing needs.</summary>
public sealed class TrackFragment
{
    public required uint TrackId { get; init; }

    /// <summary><c>tfdt</c> baseMediaDecodeTime (§8.8.12), or null when absent.</summary>
    public long? BaseMediaDecodeTime { get; init; }

    public required IReadOnlyList<TrackRun> Runs { get; init; }
}
