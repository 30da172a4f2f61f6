namespace Meridian.Region.Streaming;

/// <summary>
/// Rendered manifests of one packaged presentation, keyed by request path and metadata generation. A manifest depends only
/// on the presentation (which owns this cache, so new blob versions drop it), the URL, and the locator, policy and keys
/// (which move the generation). Rendering a 2-hour playlist costs about a millisecond; sending cached bytes costs microseconds.
/// </summary>
/// <remarks>When full it keeps the manifests still being asked for (<see cref="SecondChanceCache{TValue}"/>).</remarks>
public sealed class RenderedManifestCache(int maxEntries = 256, long maxBytes = 16L * 1024 * 1024)
{
    private readonly SecondChanceCache<RenderedManifest> _entries = new(maxEntries, maxBytes, static manifest => manifest.Body.Length);

    public int Count => _entries.Count;

    /// <summary>The sum of the cached manifests' lengths.</summary>
    public long Bytes => _entries.Weight;

    /// <summary>The cached manifest for <paramref name="key"/>, rendering and caching it on a miss.</summary>
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
