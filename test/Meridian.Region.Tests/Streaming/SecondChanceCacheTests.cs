using Meridian.Region.Streaming;

namespace Meridian.Region.Tests.Streaming;

/// <summary>The origin's caches stay within both bounds, and when full keep what is still being asked for.</summary>
public sealed class SecondChanceCacheTests
{
    [Fact]
    public void WhenFullOfEntries_TheValuesStillAskedFor_AreKept()
    {
        var cache = new SecondChanceCache<string>(maxEntries: 20);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(cache.TryAdd($"k{i}", $"v{i}"));
        }

        // A viewer keeps asking for k0..k4 while 500 other keys pass through once each.
        for (var i = 20; i < 520; i++)
        {
            for (var hot = 0; hot < 5; hot++)
            {
                Assert.Equal($"v{hot}", cache.Find($"k{hot}"));
            }

            Assert.True(cache.TryAdd($"k{i}", $"v{i}"));
            Assert.InRange(cache.Count, 1, 20);
        }

        Assert.Equal("v519", cache.Find("k519"));
        Assert.Null(cache.Find("k20"));
        Assert.InRange(cache.Count, 17, 20);
    }

    [Fact]
    public void WhenFullOfWeight_TheWeightStaysBounded_AndAValueHeavierThanTheCacheIsNotKept()
    {
        var cache = new SecondChanceCache<byte[]>(maxEntries: 1000, maxWeight: 1000, weigh: static value => value.Length);
        var hot = new byte[100];
        Assert.True(cache.TryAdd("hot", hot));
        for (var i = 0; i < 200; i++)
        {
            Assert.Same(hot, cache.Find("hot"));
            Assert.True(cache.TryAdd($"k{i}", new byte[50 + (i % 7 * 20)]));
            Assert.InRange(cache.Weight, 0, 1000);
        }

        Assert.Same(hot, cache.Find("hot"));
        Assert.False(cache.TryAdd("huge", new byte[1001]));
        Assert.Null(cache.Find("huge"));
        Assert.True(cache.TryAdd("exact", new byte[1000]));
        Assert.Equal(1000, cache.Weight);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void NoRoom_KeepsNothing_AndWantsNothing()
    {
        var none = new SecondChanceCache<string>(maxEntries: 0);
        Assert.False(none.Wants("a"));
        Assert.False(none.TryAdd("a", "x"));
        Assert.Null(none.Find("a"));
        Assert.Equal("y", none.GetOrAdd("a", _ => "y"));
        Assert.Equal(0, none.Count);

        var weightless = new SecondChanceCache<string>(maxEntries: 10, maxWeight: 0, weigh: static value => value.Length);
        Assert.False(weightless.Wants("a"));
        Assert.False(weightless.TryAdd("a", "x"));
        Assert.Equal(0, weightless.Count);
    }

    [Fact]
    public void GetOrAdd_KeepsTheFirst_AndRemove_DropsOnlyTheValueAskedFor()
    {
        var cache = new SecondChanceCache<string>(maxEntries: 10, weigh: static value => value.Length);
        var first = cache.GetOrAdd("a", _ => "first");
        Assert.Same(first, cache.GetOrAdd("a", _ => throw new InvalidOperationException("made twice")));
        Assert.False(cache.Wants("a"));
        Assert.True(cache.Wants("b"));
        Assert.False(cache.TryAdd("a", "second"));
        Assert.Same(first, cache.Find("a"));

        Assert.False(cache.Remove("a", new string("first".AsSpan())));
        Assert.Same(first, cache.Find("a"));
        Assert.True(cache.Remove("a", first));
        Assert.False(cache.Remove("a", first));
        Assert.Null(cache.Find("a"));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Weight);
    }

    [Fact]
    public async Task ManyThreadsAtOnce_LeaveTheCountsTrue()
    {
        var cache = new SecondChanceCache<string>(maxEntries: 64, maxWeight: 640, weigh: static value => value.Length);
        var keys = Enumerable.Range(0, 400).Select(i => $"k{i}").ToArray();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 20_000; i++)
            {
                var key = keys[random.Next(keys.Length)];
                if (random.Next(4) == 0)
                {
                    cache.TryAdd(key, new string('x', 1 + (key.Length * 3 % 17)));
                }
                else if (random.Next(50) == 0 && cache.Find(key) is { } value)
                {
                    cache.Remove(key, value);
                }
                else
                {
                    cache.GetOrAdd(key, k => new string('y', 1 + (k.Length % 13)));
                }
            }
        }, TestContext.Current.CancellationToken)));

        var kept = keys.Select(cache.Find).OfType<string>().ToList();
        Assert.Equal(kept.Count, cache.Count);
        Assert.Equal(kept.Sum(v => (long)v.Length), cache.Weight);
        Assert.InRange(cache.Count, 1, 64 + 4);
        Assert.InRange(cache.Weight, 1, 640 + (4 * 17));
    }
}
