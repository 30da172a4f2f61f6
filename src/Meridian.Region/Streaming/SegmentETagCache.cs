namespace Meridian.Region.Streaming;

/// <summary>
/// ETags of segments already built from one packaged presentation, keyed by request path and metadata generation. Output is
/// deterministic, so a known ETag lets a revalidation (<c>If-None-Match</c>) be answered 304 without building the segment,
/// and spares hashing the body again. A known ETag is also what lets a repeat GET write its samples straight into the send
/// buffer. With <c>maxEntries</c> 0 nothing is remembered and every request builds its segment. When full it keeps the
/// ETags still being asked for (<see cref="SecondChanceCache{TValue}"/>).
/// </summary>
public sealed class SegmentETagCache(int maxEntries = 65_536)
{
    private readonly SecondChanceCache<string> _entries = new(Math.Max(maxEntries, 0));

    public int Count => _entries.Count;

    public string? Find(string key) => _entries.Find(key);

    /// <summary>Remembers <paramref name="etag"/> for <paramref name="key"/>, if there is room; returns it.</summary>
    public string Remember(string key, string etag)
    {
        _entries.TryAdd(key, etag);
        return etag;
    }
}
