namespace Meridian.Region.Streaming;

/// <summary>
/// ETags of segments already built, over all presentations, keyed by presentation, request path and metadata generation.
/// Output is deterministic, so a known ETag lets a revalidation (<c>If-None-Match</c>) be answered 304 without building the
/// segment, and spares hashing the body again. A known ETag is also what lets a repeat GET write its samples straight into
/// the send buffer. With <c>maxEntries</c> 0 nothing is remembered and every request builds its segment. One budget for
/// the region, so many presentations cannot multiply it; when full it keeps the ETags still being asked for
/// (<see cref="SecondChanceCache{TValue}"/>).
/// </summary>
public sealed class SegmentETagCache(int maxEntries = 262_144)
{
    private readonly SecondChanceCache<string> _entries = new(Math.Max(maxEntries, 0));

    public int Count => _entries.Count;

    /// <param name="key">The segment's <see cref="PackagedAsset.CacheKey"/>.</param>
    public string? Find(string key) => _entries.Find(key);

    /// <summary>Remembers <paramref name="etag"/> for the segment, if there is room; returns it.</summary>
    public string Remember(string key, string etag)
    {
        _entries.TryAdd(key, etag);
        return etag;
    }
}
