namespace Meridian.Region.Streaming;

/// <summary>
/// Rendered manifests over all presentations, keyed by presentation, request path and metadata generation. A manifest
/// depends only on the presentation (a new blob version is a new presentation), the URL, and the locator, policy and keys
/// (which move the generation). Rendering a 2-hour playlist costs about a millisecond; sending cached bytes costs
/// microseconds. One byte budget for the region; when full it keeps the manifests still being asked for
/// (<see cref="SecondChanceCache{TValue}"/>).
/// </summary>
public sealed class RenderedManifestCache(long maxBytes = 64L * 1024 * 1024, int maxEntries = int.MaxValue)
{
    // What an entry holds besides the body: the key (about 100 characters), the record and the cache's own entry.
    private const int EntryOverhead = 512;

    private readonly SecondChanceCache<RenderedManifest> _entries =
        new(maxBytes > 0 ? maxEntries : 0, Math.Max(maxBytes, 0), static manifest => manifest.Body.Length + EntryOverhead);

    public int Count => _entries.Count;

    /// <summary>The cached manifests' lengths, each with an allowance for its key and bookkeeping.</summary>
    public long Bytes => _entries.Weight;

    /// <summary>The cached manifest for <paramref name="key"/> (a <see cref="PackagedAsset.CacheKey"/>), rendering and caching it on a miss.</summary>
    public RenderedManifest GetOrRender(string key, Func<RenderedManifest> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        if (_entries.Find(key) is { } cached)
        {
            return cached;
        }

        var rendered = render();
        _entries.TryAdd(key, rendered);
        return rendered;
    }
}
