using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Indexing;

public sealed class MediaIndexCacheTests(MediaFiles files)
{
    [Fact]
    public async Task GetOrCreateAsync_SameKeyConcurrently_BuildsOnceAndEvictsBySize()
    {
        var bytes = await files.ReadAllBytesAsync(TestMedia.SmallFaststart);
        var builds = 0;
        async ValueTask<MediaIndex> Factory(CancellationToken ct)
        {
            Interlocked.Increment(ref builds);
            return await MediaIndexReader.ReadAsync(new MemoryRandomAccessSource(bytes), cancellationToken: ct);
        }

        var probe = await Factory(TestContext.Current.CancellationToken);
        builds = 0;
        var cache = new MediaIndexCache(new MediaIndexCacheOptions { MaxBytes = (probe.ApproximateBytes * 2) + 1 });
        var key = new MediaIndexKey("a.mp4", bytes.Length, "1");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetOrCreateAsync(key, Factory).AsTask()));
        Assert.Equal(1, builds);
        Assert.All(results, r => Assert.Same(results[0], r));

        await cache.GetOrCreateAsync(key with { Version = "2" }, Factory, TestContext.Current.CancellationToken);
        await cache.GetOrCreateAsync(key with { Version = "3" }, Factory, TestContext.Current.CancellationToken);
        Assert.Equal(3, builds);
        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet(key, out _));
        Assert.True(cache.CurrentBytes <= (probe.ApproximateBytes * 2) + 1);
    }
}
