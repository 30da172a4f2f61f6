using System.Collections.Concurrent;
using Meridian.Media.Packaging;

namespace Meridian.Region.Streaming;

/// <summary>An asset's presentation and its segmentation for one target duration, cached per blob version.</summary>
public sealed record PackagedAsset(string Container, Presentation Presentation, SegmentPlan Plan)
{
    private static long s_lastSerial;

    /// <summary>Tells this presentation from every other of the process, e.g. an earlier version of the same asset.</summary>
    internal long Serial { get; } = Interlocked.Increment(ref s_lastSerial);

    /// <summary>Track selections of this presentation by filter key; they live and die with it.</summary>
    internal ConcurrentDictionary<string, Lazy<PackagedAsset>> Filtered { get; } = new(StringComparer.Ordinal);

    /// <summary>Manifests rendered from this presentation.</summary>
    internal RenderedManifestCache Manifests { get; } = new();

    /// <summary>ETags of segments built from this presentation.</summary>
    internal SegmentETagCache SegmentETags { get; init; } = new();
}
