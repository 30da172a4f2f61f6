using System.Collections.Concurrent;
using Meridian.Media.Crypto;

namespace Meridian.Region.Streaming;

/// <summary>
/// Plans of encrypted CMAF segments already built (<see cref="CencSegmentPlan"/>: header bytes and <c>senc</c> entries,
/// 2-3.6 KB for a 2 s segment), so a repeat request reads the samples straight into the send buffer and encrypts them
/// there instead of reading and planning them first. Shared by all presentations and bounded in bytes; keys carry the
/// presentation's serial, so a new blob version never meets an old plan.
/// </summary>
public sealed class SegmentPlanCache(long maxBytes)
{
    private readonly ConcurrentDictionary<string, CencSegmentPlan> _entries = new(StringComparer.Ordinal);
    private long _bytes;

    public int Count => _entries.Count;

    public CencSegmentPlan? Find(PackagedAsset asset, string key)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return _entries.TryGetValue(KeyOf(asset, key), out var plan) ? plan : null;
    }

    public void Remember(PackagedAsset asset, string key, CencSegmentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.RetainedBytes > maxBytes)
        {
            return;
        }

        if (Interlocked.Read(ref _bytes) + plan.RetainedBytes > maxBytes)
        {
            // Full: plans of dropped presentations and old generations are the likely waste. Start over rather than track
            // recency per hit; a dropped plan costs one planning read when its segment is asked for again.
            _entries.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }

        if (_entries.TryAdd(KeyOf(asset, key), plan))
        {
            Interlocked.Add(ref _bytes, plan.RetainedBytes);
        }
    }

    private static string KeyOf(PackagedAsset asset, string key) => string.Concat(asset.Serial.ToString(System.Globalization.CultureInfo.InvariantCulture), "#", key);
}
