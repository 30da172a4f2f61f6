using System.Globalization;
using Meridian.Media.Packaging;

namespace Meridian.Region.Streaming;

/// <summary>An asset's presentation and its segmentation for one target duration, cached per blob version.</summary>
public sealed record PackagedAsset(string Container, Presentation Presentation, SegmentPlan Plan)
{
    private static long s_lastSerial;

    /// <summary>Tells this presentation from every other of the process, e.g. an earlier version of the same asset.</summary>
    internal long Serial { get; } = Interlocked.Increment(ref s_lastSerial);

    /// <summary>
    /// The key of a resource of this presentation in the region's caches (manifests, segment ETags, plans): the serial, so
    /// a new blob version never meets old entries, the metadata generation the request was resolved at, and the path.
    /// </summary>
    internal string CacheKey(long generation, string path) => string.Create(CultureInfo.InvariantCulture, $"{Serial}#{generation}|{path}");

    /// <summary>
    /// Track selections of this presentation by filter key; they live and die with it. Bounded, as URLs choose them (from
    /// the filters the account defines).
    /// </summary>
    internal SecondChanceCache<Lazy<PackagedAsset>> Filtered { get; } = new(64);
}
