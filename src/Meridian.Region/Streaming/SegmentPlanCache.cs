using System.Collections.Concurrent;
using System.Globalization;
using Meridian.Media.Crypto;

namespace Meridian.Region.Streaming;

/// <summary>
/// Plans of encrypted CMAF segments already built (<see cref="CencSegmentPlan"/>: header bytes and <c>senc</c> entries,
/// 2-3.6 KB for a 2 s segment), so a repeat request reads the samples straight into the send buffer and encrypts them
/// there instead of reading and planning them first. Shared by all presentations and bounded in bytes; keys carry the
/// presentation's serial, so a new blob version never meets an old plan.
/// </summary>
/// <remarks>
/// When full it drops plans not found since the last eviction first (second chance, as in a CLOCK cache) until a tenth of
/// the budget is free: the segments being watched keep their plans, and a hit costs a flag write, not a lock.
/// </remarks>
public sealed class SegmentPlanCache(long maxBytes)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    private long _bytes;

    public int Count => _entries.Count;

    /// <summary>Bytes the kept plans hold (<see cref="CencSegmentPlan.RetainedBytes"/>).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public CencSegmentPlan? Find(PackagedAsset asset, string key)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return Find(KeyOf(asset, key));
    }

    public void Remember(PackagedAsset asset, string key, CencSegmentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(asset);
        Remember(KeyOf(asset, key), plan);
    }

    /// <summary>Whether a plan for the segment would be kept: none is yet, and the cache may hold any.</summary>
    public bool Wants(PackagedAsset asset, string key)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return maxBytes > 0 && !_entries.ContainsKey(KeyOf(asset, key));
    }

    internal CencSegmentPlan? Find(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        entry.Found = true;
        return entry.Plan;
    }

    internal void Remember(string key, CencSegmentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.RetainedBytes > maxBytes)
        {
            return;
        }

        if (Interlocked.Read(ref _bytes) + plan.RetainedBytes > maxBytes)
        {
            Evict(maxBytes - (maxBytes / 10) - plan.RetainedBytes);
            if (Interlocked.Read(ref _bytes) + plan.RetainedBytes > maxBytes)
            {
                // Every plan kept was found again while the passes ran: this one waits for its next build.
                return;
            }
        }

        if (_entries.TryAdd(key, new Entry(plan)))
        {
            Interlocked.Add(ref _bytes, plan.RetainedBytes);
        }
    }

    // Drops plans until at most target bytes are held: first those not found since the last pass, then, their flags cleared
    // by the first pass, any.
    private void Evict(long target)
    {
        lock (_evicting)
        {
            for (var pass = 0; pass < 2 && Interlocked.Read(ref _bytes) > target; pass++)
            {
                foreach (var (key, entry) in _entries)
                {
                    if (Interlocked.Read(ref _bytes) <= target)
                    {
                        return;
                    }

                    if (entry.Found)
                    {
                        entry.Found = false;
                    }
                    else if (_entries.TryRemove(key, out var removed))
                    {
                        Interlocked.Add(ref _bytes, -removed.Plan.RetainedBytes);
                    }
                }
            }
        }
    }

    private static string KeyOf(PackagedAsset asset, string key) => string.Concat(asset.Serial.ToString(CultureInfo.InvariantCulture), "#", key);

    private sealed class Entry(CencSegmentPlan plan)
    {
        public CencSegmentPlan Plan { get; } = plan;

        // Set by every hit, cleared by an eviction pass that spares the plan once.
        public volatile bool Found;
    }
}
