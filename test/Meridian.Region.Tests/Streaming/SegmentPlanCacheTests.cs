using Meridian.Media.Cmaf;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Region.Streaming;

namespace Meridian.Region.Tests.Streaming;

/// <summary>The plan cache stays within its bytes, and when full keeps the plans still being asked for.</summary>
public sealed class SegmentPlanCacheTests
{
    private static async Task<CencSegmentPlan> PlanAsync()
    {
        var shape = await TestMedia.GetAsync("bframes");
        using var source = FileRandomAccessSource.Open(shape.Paths.First(p => p.EndsWith(".mp4", StringComparison.Ordinal)));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var video = index.Tracks.First(t => t.IsVideo);
        var protection = new CencProtection(EncryptionScheme.Cenc, new ContentKey(Guid.NewGuid(), new byte[16]));
        using var encryptor = protection.CreateEncryptor(video);
        var payload = new byte[CmafMediaSegmentWriter.PayloadLength(video, 0, 10)];
        await encryptor.ReadAndEncryptAsync(source, 0, 10, payload, TestContext.Current.CancellationToken);
        using var header = new PooledBufferWriter(4096);
        CmafMediaSegmentWriter.WriteTransformedHeader(video, 0, 10, 1, header, encryptor);
        return encryptor.ExportPlan(header.WrittenMemory.Span);
    }

    [Fact]
    public async Task WhenFull_ThePlansStillAskedFor_AreKept_AndTheBytesStayBounded()
    {
        var plan = await PlanAsync();
        var cache = new SegmentPlanCache(20L * plan.RetainedBytes);
        for (var i = 0; i < 20; i++)
        {
            cache.Remember($"s{i}", plan);
        }

        Assert.Equal(20, cache.Count);

        // A viewer keeps asking for s0..s4 while 200 other segments are built once each.
        for (var i = 20; i < 220; i++)
        {
            for (var hot = 0; hot < 5; hot++)
            {
                Assert.Same(plan, cache.Find($"s{hot}"));
            }

            cache.Remember($"s{i}", plan);
            Assert.InRange(cache.Bytes, 0, 20L * plan.RetainedBytes);
            Assert.Equal(cache.Count * (long)plan.RetainedBytes, cache.Bytes);
        }

        Assert.Same(plan, cache.Find("s219"));
        Assert.Null(cache.Find("s20"));
        Assert.InRange(cache.Count, 18, 20);
    }

    [Fact]
    public async Task NoBytes_KeepsNothing_AndAPlanLargerThanTheBudgetIsNotKept()
    {
        var plan = await PlanAsync();
        var none = new SegmentPlanCache(0);
        none.Remember("a", plan);
        Assert.Null(none.Find("a"));
        Assert.Equal(0, none.Count);

        var small = new SegmentPlanCache(plan.RetainedBytes - 1);
        small.Remember("a", plan);
        Assert.Equal(0, small.Count);
        Assert.Equal(0, small.Bytes);
    }
}
