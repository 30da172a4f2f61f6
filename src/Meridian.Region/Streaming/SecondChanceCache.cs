using System.Collections.Concurrent;

namespace Meridian.Region.Streaming;

/// <summary>
/// A bounded map from string keys to values that the origin can make again (ETags, rendered manifests, segment plans),
/// bounded both in entries and in a weight the caller gives each value (its bytes, say).
/// </summary>
/// <remarks>
/// When a value would not fit, it drops the values not found since its last eviction first (second chance, as in a CLOCK
/// cache), until a tenth of both bounds is free. The segments and manifests being watched stay, a catalogue walked once
/// goes, and a hit costs a flag write, not a lock. Counts are kept apart from the dictionary, whose <c>Count</c> takes
/// every one of its locks.
/// </remarks>
public sealed class SecondChanceCache<TValue>
    where TValue : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    private readonly int _maxEntries;
    private readonly long _maxWeight;
    private readonly Func<TValue, long> _weigh;
    private int _count;
    private long _weight;

    /// <param name="maxEntries">Values kept at most; 0 keeps none.</param>
    /// <param name="maxWeight">Sum of the kept values' weights at most; 0 keeps none.</param>
    /// <param name="weigh">A value's weight, 0 or more; by default every value weighs nothing.</param>
    public SecondChanceCache(int maxEntries, long maxWeight = long.MaxValue, Func<TValue, long>? weigh = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEntries);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWeight);
        _maxEntries = maxEntries;
        _maxWeight = maxWeight;
        _weigh = weigh ?? (static _ => 0);
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>The sum of the kept values' weights.</summary>
    public long Weight => Interlocked.Read(ref _weight);

    /// <summary>Whether <see cref="TryAdd"/> could keep a value for <paramref name="key"/>: none is kept yet, and the cache keeps any.</summary>
    public bool Wants(string key) => _maxEntries > 0 && _maxWeight > 0 && !_entries.ContainsKey(key);

    public TValue? Find(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        // Read before writing: hot entries are found on every request, and a store on each would bounce their cache line
        // between cores.
        if (!entry.Found)
        {
            entry.Found = true;
        }

        return entry.Value;
    }

    /// <summary>
    /// Keeps <paramref name="value"/> under <paramref name="key"/> unless a value is kept there already, making room if
    /// needed. Returns whether it is kept: not when it alone outweighs the cache, nor when every value kept was found again
    /// while room was being made (it waits for its next turn then).
    /// </summary>
    public bool TryAdd(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var weight = _weigh(value);
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        if (_maxEntries == 0 || weight > _maxWeight)
        {
            return false;
        }

        if (!Fits(weight))
        {
            Evict(_maxEntries - 1 - (_maxEntries / 10), _maxWeight - (_maxWeight / 10) - weight);
            if (!Fits(weight))
            {
                return false;
            }
        }

        if (!_entries.TryAdd(key, new Entry(value, weight)))
        {
            return false;
        }

        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _weight, weight);
        return true;
    }

    /// <summary>
    /// The value kept for <paramref name="key"/>, or a new one from <paramref name="create"/>, kept if there is room. Two
    /// callers racing on a missing key may both create, and both are answered with the one kept.
    /// </summary>
    public TValue GetOrAdd(string key, Func<string, TValue> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (Find(key) is { } found)
        {
            return found;
        }

        var created = create(key);
        return TryAdd(key, created) ? created : Find(key) ?? created;
    }

    /// <summary>Drops the value kept for <paramref name="key"/> if it is <paramref name="value"/> (not one kept since).</summary>
    public bool Remove(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_entries.TryGetValue(key, out var entry) || !ReferenceEquals(entry.Value, value) ||
            !_entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        Interlocked.Add(ref _weight, -entry.Weight);
        return true;
    }

    private bool Fits(long weight) => Count < _maxEntries && Weight <= _maxWeight - weight;

    // Drops values until at most targetCount values and targetWeight weight are kept: first those not found since the last
    // pass, then, their flags cleared by the first pass, any.
    private void Evict(int targetCount, long targetWeight)
    {
        lock (_evicting)
        {
            for (var pass = 0; pass < 2 && Over(targetCount, targetWeight); pass++)
            {
                foreach (var (key, entry) in _entries)
                {
                    if (!Over(targetCount, targetWeight))
                    {
                        return;
                    }

                    if (entry.Found)
                    {
                        entry.Found = false;
                    }
                    else if (_entries.TryRemove(key, out var removed))
                    {
                        Interlocked.Decrement(ref _count);
                        Interlocked.Add(ref _weight, -removed.Weight);
                    }
                }
            }
        }
    }

    private bool Over(int targetCount, long targetWeight) => Count > targetCount || Weight > targetWeight;

    private sealed class Entry(TValue value, long weight)
    {
        public TValue Value { get; } = value;

        public long Weight { get; } = weight;

        // Set by every hit, cleared by an eviction pass that spares the value once.
        public volatile bool Found;
    }
}
