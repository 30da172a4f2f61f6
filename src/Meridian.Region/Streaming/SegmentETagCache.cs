using System.Collections.Concurrent;

namespace Meridian.Region.Streaming;

/// <summary>
/// ETags of segments already built from one packaged presentation, keyed by request path and metadata generation. Output is
/// deterministic, so a known ETag lets a revalidation (<c>If-None-Match</c>) be answered 304 without building the segment,
/// and spares hashing the body again. A known ETag is also what lets a repeat GET write its samples straight into the send
/// buffer. With <c>maxEntries</c> 0 nothing is remembered and every request builds its segment.
/// </summary>
public sealed class SegmentETagCache(int maxEntries = 65_536)
{
    private readonly ConcurrentDictionary<string, string> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public string? Find(string key) => _entries.TryGetValue(key, out var etag) ? etag : null;

    public string Remember(string key, string etag)
    {
        if (maxEntries <= 0)
        {
            return etag;
        }

        if (_entries.Count >= maxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = etag;
        return etag;
    }
}
