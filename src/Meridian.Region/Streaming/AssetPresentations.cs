using System.Globalization;
using System.Text;
using Meridian.Media;
using Meridian.Media.Indexing;
using Meridian.Media.Packaging;
using Meridian.Media.Packaging.Ism;
using Meridian.Media.Sources;
using Meridian.Region.Storage;

namespace Meridian.Region.Streaming;

/// <summary>
/// Builds and caches an asset's presentation (tracks from the <c>.ism</c>, or discovered from its MP4 files) and segment
/// plan. Entries are keyed by the container's blob versions, so a changed file is never served from a stale index; sample
/// indexes are shared through a byte-bounded <see cref="MediaIndexCache"/>.
/// </summary>
public sealed class AssetPresentations
{
    private readonly IBlobStore _blobs;
    private readonly OriginOptions _options;
    private readonly MediaIndexCache _indexes;
    private readonly SecondChanceCache<Lazy<Task<PackagedAsset>>> _cache;
    private readonly SecondChanceCache<Listing> _listings;

    public AssetPresentations(IBlobStore blobs, OriginOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _blobs = blobs;
        _options = options;
        _indexes = new MediaIndexCache(new MediaIndexCacheOptions { MaxBytes = options.IndexCacheBytes });
        SegmentPlans = new SegmentPlanCache(options.SegmentPlanCacheBytes);
        Manifests = new RenderedManifestCache(options.ManifestCacheBytes);
        SegmentETags = new SegmentETagCache(options.SegmentETagCacheEntries);
        _cache = new SecondChanceCache<Lazy<Task<PackagedAsset>>>(options.PresentationCacheEntries);
        _listings = new SecondChanceCache<Listing>(options.PresentationCacheEntries);
    }

    /// <summary>Plans of the encrypted segments built from these presentations.</summary>
    public SegmentPlanCache SegmentPlans { get; }

    /// <summary>Manifests rendered from these presentations.</summary>
    public RenderedManifestCache Manifests { get; }

    /// <summary>ETags of the segments built from these presentations.</summary>
    public SegmentETagCache SegmentETags { get; }

    /// <summary>The packaged asset for <c>{manifestName}.ism</c> (or, without one, <c>{manifestName}.mp4</c> and its siblings).</summary>
    public async Task<PackagedAsset> GetAsync(
        string container, string manifestName, TimeSpan? segmentDuration, TrackFilter? filter, CancellationToken cancellationToken)
    {
        var full = await GetAsync(container, manifestName, segmentDuration, cancellationToken);
        if (filter is null)
        {
            return full;
        }

        var selected = full.Filtered.GetOrAdd(filter.Key, _ => new Lazy<PackagedAsset>(() =>
        {
            var presentation = full.Presentation.Select(filter.Keep);
            return presentation.Tracks.Count == 0
                ? throw OriginException.TrackNotFound("The filters leave no track to stream.")
                : new PackagedAsset(container, presentation, SegmentPlanner.Plan(presentation, full.Plan.Options));
        }));
        try
        {
            return selected.Value;
        }
        catch (OriginException)
        {
            full.Filtered.Remove(filter.Key, selected);
            throw;
        }
    }

    private async Task<PackagedAsset> GetAsync(string container, string manifestName, TimeSpan? segmentDuration, CancellationToken cancellationToken)
    {
        var files = ListFiles(container);
        var ismName = manifestName + ".ism";
        var hasIsm = files.ContainsKey(ismName);
        if (!hasIsm && !files.ContainsKey(manifestName + ".mp4"))
        {
            throw OriginException.NotFound($"The asset has no server manifest '{ismName}'.");
        }

        var stamp = new StringBuilder(container).Append('|').Append(manifestName).Append('|')
            .Append(segmentDuration?.Ticks.ToString(CultureInfo.InvariantCulture) ?? "-");
        foreach (var (name, version) in files)
        {
            stamp.Append('|').Append(name).Append(':').Append(version);
        }

        var key = stamp.ToString();
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<Task<PackagedAsset>>(() => BuildAsync(container, manifestName, hasIsm, files, segmentDuration)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.IsValueCreated && lazy.Value.IsFaulted)
        {
            _cache.Remove(key, lazy);
            throw;
        }
    }

    /// <summary>Opens a file of the asset for range reads.</summary>
    public BlobRandomAccessSource Open(string container, string file) =>
        _blobs.OpenContent(container, file) is { } handle
            ? new BlobRandomAccessSource(handle)
            : throw new OriginException(404, "MPE_STORAGE_RESOURCE_NOT_FOUND", $"The file '{file}' is missing from the asset.");

    private async Task<PackagedAsset> BuildAsync(
        string container, string manifestName, bool hasIsm, IReadOnlyDictionary<string, string> files, TimeSpan? segmentDuration)
    {
        try
        {
            ServerManifest? ism = null;
            if (hasIsm)
            {
                using var source = Open(container, manifestName + ".ism");
                if (source.Length > 1024 * 1024)
                {
                    throw new OriginException(415, "MPE_SERVER_MANIFEST_NOT_SUPPORTED", "The server manifest is larger than 1 MiB.");
                }

                var bytes = new byte[source.Length];
                await source.ReadExactlyAtAsync(0, bytes, CancellationToken.None);
                ism = ServerManifestParser.Parse(bytes);
            }

            var mediaFiles = files.Keys.Where(f => f.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) ||
                f.EndsWith(".ismv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".isma", StringComparison.OrdinalIgnoreCase) ||
                f.EndsWith(".m4a", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".m4v", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList();
            var presentation = await PresentationBuilder.BuildAsync(
                hasIsm ? [.. files.Keys.Order(StringComparer.Ordinal)] : mediaFiles,
                (file, ct) => LoadIndexAsync(container, file, files, ct),
                ism,
                CancellationToken.None);
            if (!presentation.Tracks.Any())
            {
                throw new OriginException(415, "MPE_NO_STREAMABLE_TRACKS", "The asset has no video or audio track to stream.");
            }

            var target = segmentDuration ?? SegmentDurationOf(ism) ?? _options.DefaultSegmentDuration;
            var plan = SegmentPlanner.Plan(presentation, new SegmentPlanOptions { TargetDuration = target });
            return new PackagedAsset(container, presentation, plan);
        }
        catch (MediaFormatException error)
        {
            throw new OriginException(415, "MPE_MEDIA_FORMAT_NOT_SUPPORTED", $"The asset's media cannot be packaged: {error.Message}");
        }
    }

    private ValueTask<MediaIndex> LoadIndexAsync(string container, string file, IReadOnlyDictionary<string, string> files, CancellationToken ct)
    {
        if (!files.TryGetValue(file, out var version))
        {
            throw new OriginException(404, "MPE_STORAGE_RESOURCE_NOT_FOUND", $"The server manifest names '{file}', which the asset does not have.");
        }

        var key = new MediaIndexKey($"{container}/{file}", 0, version);
        return _indexes.GetOrCreateAsync(key, async c =>
        {
            using var source = Open(container, file);
            return await MediaIndexReader.ReadAsync(source, cancellationToken: c);
        }, ct);
    }

    // Per-asset segment duration from the .ism head: <meta name="segmentDuration" content="4" /> (seconds).
    private static TimeSpan? SegmentDurationOf(ServerManifest? ism)
    {
        if (ism?.Meta is { } meta && meta.TryGetValue("segmentDuration", out var text) &&
            double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 60)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    // Name → version (length + ETag) of every committed top-level blob, re-listed only when the container changed.
    private SortedDictionary<string, string> ListFiles(string container)
    {
        var version = _blobs.ContainerVersion(container) ??
            throw new OriginException(404, "MPE_STORAGE_RESOURCE_NOT_FOUND", "The asset's container does not exist.");
        var cached = _listings.Find(container);
        if (cached?.Version == version)
        {
            return cached.Files;
        }

        var files = ListFilesUncached(container);
        if (cached is not null)
        {
            _listings.Remove(container, cached);
        }

        _listings.TryAdd(container, new Listing(version, files));
        return files;
    }

    private SortedDictionary<string, string> ListFilesUncached(string container)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var page = _blobs.List(container, new BlobListOptions { Marker = marker, MaxResults = 5000 });
            foreach (var entry in page.Entries)
            {
                if (entry.Blob is { } blob && !blob.Name.Contains('/', StringComparison.Ordinal))
                {
                    files[blob.Name] = $"{blob.Length}:{blob.ETag}";
                }
            }

            marker = page.NextMarker;
        }
        while (marker is not null);

        return files;
    }

    private sealed record Listing(string Version, SortedDictionary<string, string> Files);
}
