using Meridian.Media.Crypto;

namespace Meridian.Region.Streaming;

/// <summary>
/// Plans of encrypted CMAF segments already built (<see cref="CencSegmentPlan"/>: header bytes and <c>senc</c> entries,
/// 2-3.6 KB for a 2 s segment), so a repeat request reads the samples straight into the send buffer and encrypts them
/// there instead of reading and planning them first. Shared by all presentations and bounded in bytes; keys are
/// <see cref="PackagedAsset.CacheKey"/>s, so a new blob version never meets an old plan.
/// </summary>
/// <remarks>When full it keeps the plans still being asked for (<see cref="SecondChanceCache{TValue}"/>).</remarks>
public sealed class SegmentPlanCache(long maxBytes)
{
    private readonly SecondChanceCache<CencSegmentPlan> _plans =
        new(maxBytes > 0 ? int.MaxValue : 0, Math.Max(maxBytes, 0), static plan => plan.RetainedBytes);

    public int Count => _plans.Count;

    /// <summary>Bytes the kept plans hold (<see cref="CencSegmentPlan.RetainedBytes"/>).</summary>
    public long Bytes => _plans.Weight;

    /// <param name="key">The segment's <see cref="PackagedAsset.CacheKey"/>.</param>
    public CencSegmentPlan? Find(string key) => _plans.Find(key);

    public void Remember(string key, CencSegmentPlan plan) => _plans.TryAdd(key, plan);

    /// <summary>Whether a plan for the segment would be kept: none is yet, and the cache may hold any.</summary>
    public bool Wants(string key) => _plans.Wants(key);
}
