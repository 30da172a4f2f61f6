using System.Collections.Concurrent;

namespace Meridian.Region.Streaming;

/// <summary>
/// Rendered manifests of one packaged presentation, keyed by request path and metadata generation. A manifest depends only
/// on the presentation (which owns this cache, so new blob versions drop it), the URL, and the locator, policy and keys
/// (which move the generation). Rendering a 2-hour playlist costs about a millisecond; sending cached bytes costs microseconds.
/// </summary>
public sealed class RenderedManifestCache
{
    private readonly ConcurrentDictionary<string, RenderedManifest> _entries = new(StringComparer.Ordinal);
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private long _bytes;

    public RenderedManifestCache(int maxEntries = 256, long maxBytes = 16L * 1024 * 1024)
    {
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
    }

    public int Count => _entries.Count;

    /// <summary>The cached manifest for <paramref name="key"/>, rendering and caching it on a miss.</summary>
    public RenderedManifest GetOrRender(string key, Func<RenderedManifest> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        if (_entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var rendered = render();
        if (_entries.Count >= _maxEntries || Interlocked.Read(ref _bytes) + rendered.Body.Length > _maxBytes)
        {
            // Full: entries of older generations are the likely waste. Start over rather than track recency per hit.
            _entries.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }

        if (rendered.Body.Length <= _maxBytes && _entries.TryAdd(key, rendered))
        {
            Interlocked.Add(ref _bytes, rendered.Body.Length);
        }

        return rendered;
    }
}
