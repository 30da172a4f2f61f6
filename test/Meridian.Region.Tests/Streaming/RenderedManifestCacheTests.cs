using System.Text;
using Meridian.Region.Streaming;

namespace Meridian.Region.Tests.Streaming;

public sealed class RenderedManifestCacheTests
{
    private static RenderedManifest Manifest(string text) => new(Encoding.UTF8.GetBytes(text), $"\"{text.Length}\"", "application/vnd.apple.mpegurl");

    [Fact]
    public void GetOrRender_RendersOnce_AndWhenFull_KeepsTheManifestsStillAskedFor()
    {
        var cache = new RenderedManifestCache(maxBytes: 3000, maxEntries: 4);
        var renders = 0;
        RenderedManifest Render(string text)
        {
            renders++;
            return Manifest(text);
        }

        var master = cache.GetOrRender("1|/master.m3u8", () => Render("#EXTM3U master"));
        Assert.Same(master, cache.GetOrRender("1|/master.m3u8", () => Render("again")));
        Assert.Equal(1, renders);

        // The master playlist is asked for between the variant playlists of older and newer generations.
        for (var generation = 2; generation < 40; generation++)
        {
            Assert.Same(master, cache.GetOrRender("1|/master.m3u8", () => Render("again")));
            cache.GetOrRender($"{generation}|/video.m3u8", () => Render(new string('#', 150)));
            Assert.InRange(cache.Count, 1, 4);
            Assert.InRange(cache.Bytes, 0, 3000);
        }

        Assert.Equal(39, renders);
    }

    [Fact]
    public void AManifestLargerThanTheCache_IsServedButNotKept()
    {
        var cache = new RenderedManifestCache(maxBytes: 100, maxEntries: 4);
        var big = cache.GetOrRender("1|/big.mpd", () => Manifest(new string('x', 101)));
        Assert.Equal(101, big.Body.Length);
        Assert.Equal(0, cache.Count);
        Assert.NotSame(big, cache.GetOrRender("1|/big.mpd", () => Manifest(new string('x', 101))));
    }
}
