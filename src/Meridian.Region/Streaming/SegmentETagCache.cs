using System.Collections.Concurrent;

namespace Meridian.Region.Streaming;

/// <summary>
/// ETags of segments already built from one packaged presentation, keyed by request path and metadata generation. Output is
/// deterministic, so a known ETag lets a revalidation (<c>If-None-Match</c>) be answered 304 without building the segment,
/// and spares hashing the body again.
/// </summary>
public sealed class SegmentETagCache(int maxEntries = 65_536)
{
    private readonly ConcurrentDictionary<string, string> _entries = new(StringComparer.Ordinal);

    public string? Find(string key) => _entries.TryGetValue(key, out var etag) ? etag : null;

    public string Remember(string key, string etag)
    {
        if (_entries.Count >= maxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = etag;
        return etag;
    }
}
