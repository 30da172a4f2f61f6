namespace Meridian.Region.Streaming;

/// <summary>Settings of the streaming origin.</summary>
public sealed class OriginOptions
{
    /// <summary>Segment target duration when neither the URL nor the asset's .ism sets one. The default is 2 s.</summary>
    public TimeSpan DefaultSegmentDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Memory the sample-index cache may use. The default is 256 MiB.</summary>
    public long IndexCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How many packaged presentations (asset + segment duration) stay cached. The default is 512.</summary>
    public int PresentationCacheEntries { get; set; } = 512;

    /// <summary>
    /// Memory for the plans of encrypted CMAF segments already built (header and <c>senc</c> entries, 1-1.8 KB per second of
    /// one track), which let repeat requests encrypt in the send buffer. The default is 64 MiB, about all segments of a
    /// two-hour title with six tracks; 0 turns the cache off.
    /// </summary>
    public long SegmentPlanCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How many segment ETags each packaged presentation remembers. A known ETag answers revalidations without a build
    /// and lets repeat GETs write straight into the send buffer. The default is 65,536; 0 remembers none, so every request
    /// builds its segment (what an origin behind a CDN mostly sees).
    /// </summary>
    public int SegmentETagCacheEntries { get; set; } = 65_536;
}
