using Meridian.Region.Streaming;

namespace Meridian.Region.Tests.Streaming;

public sealed class SegmentETagCacheTests
{
    [Fact]
    public void Remember_KeepsUpToTheBound_AndWhenFull_KeepsTheETagsStillAskedFor()
    {
        var cache = new SegmentETagCache(maxEntries: 2);
        Assert.Equal("\"a\"", cache.Remember("1|/a", "\"a\""));
        cache.Remember("1|/b", "\"b\"");
        Assert.Equal("\"a\"", cache.Find("1|/a"));
        Assert.Equal(2, cache.Count);

        Assert.Equal("\"c\"", cache.Remember("1|/c", "\"c\""));
        Assert.Equal("\"a\"", cache.Find("1|/a"));
        Assert.Null(cache.Find("1|/b"));
        Assert.Equal("\"c\"", cache.Find("1|/c"));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Remember_WithNoEntries_RemembersNothing()
    {
        var cache = new SegmentETagCache(maxEntries: 0);
        Assert.Equal("\"a\"", cache.Remember("1|/a", "\"a\""));
        Assert.Null(cache.Find("1|/a"));
        Assert.Equal(0, cache.Count);
    }
}
