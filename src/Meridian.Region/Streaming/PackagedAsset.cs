using Meridian.Media.Packaging;

namespace Meridian.Region.Streaming;

/// <summary>An asset's presentation and its segmentation for one target duration, cached per blob version.</summary>
public sealed record PackagedAsset(string Container, Presentation Presentation, SegmentPlan Plan)
{
    private static long s_lastSerial;

    /// <summary>Tells this presentation from every other of the process, e.g. an earlier version of the same asset.</summary>
    internal long Serial { get; } = Interlocked.Increment(ref s_lastSerial);

    /// <summary>
    /// Track selections of this presentation by filter key; they live and die with it. Bounded, as URLs choose them (from
    /// the filters the account defines).
    /// </summary>
    internal SecondChanceCache<Lazy<PackagedAsset>> Filtered { get; } = new(64);
}
