namespace Meridian.Media.Indexing;

/// <summary>
/// A least-recently-used cache of <see cref="MediaIndex"/> bounded by approximate size, with concurrent requests for the
/// same key sharing one build (a popular asset's <c>moov</c> is parsed once, not once per segment request).
/// </summary>
public sealed class MediaIndexCache
{
    private readonly long _maxBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<MediaIndexKey, LinkedListNode<(MediaIndexKey Key, MediaIndex Index, long Bytes)>> _entries = [];
    private readonly LinkedList<(MediaIndexKey Key, MediaIndex Index, long Bytes)> _lru = new();
    private readonly Dictionary<MediaIndexKey, Task<MediaIndex>> _building = [];
    private long _bytes;

    public MediaIndexCache(MediaIndexCacheOptions? options = null)
    {
        _maxBytes = (options ?? new MediaIndexCacheOptions()).MaxBytes;
    }

    /// <summary>Approximate bytes currently held.</summary>
    public long CurrentBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(MediaIndexKey key, out MediaIndex? index)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                index = node.Value.Index;
                return true;
            }
        }

        index = null;
        return false;
    }

    /// <summary>
    /// Returns the cached index for <paramref name="key"/> or builds it with <paramref name="factory"/>. A failed build is
    /// not cached. Concurrent callers wait for the same build; each may abandon its wait with its own token.
    /// </summary>
    public async ValueTask<MediaIndex> GetOrCreateAsync(
        MediaIndexKey key, Func<CancellationToken, ValueTask<MediaIndex>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (TryGet(key, out var cached))
        {
            return cached!;
        }

        Task<MediaIndex> build;
        var owner = false;
        lock (_lock)
        {
            if (!_building.TryGetValue(key, out build!))
            {
                build = BuildAsync(factory, cancellationToken);
                _building[key] = build;
                owner = true;
            }
        }

        try
        {
            var index = await build.WaitAsync(cancellationToken);
            if (owner)
            {
                Add(key, index);
            }

            return index;
        }
        finally
        {
            if (owner)
            {
                lock (_lock)
                {
                    _building.Remove(key);
                }
            }
        }
    }

    public void Remove(MediaIndexKey key)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var node))
            {
                _lru.Remove(node);
                _bytes -= node.Value.Bytes;
            }
        }
    }

    private static async Task<MediaIndex> BuildAsync(Func<CancellationToken, ValueTask<MediaIndex>> factory, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await factory(cancellationToken);
    }

    private void Add(MediaIndexKey key, MediaIndex index)
    {
        var bytes = index.ApproximateBytes;
        if (bytes > _maxBytes)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.ContainsKey(key))
            {
                return;
            }

            _entries[key] = _lru.AddFirst((key, index, bytes));
            _bytes += bytes;
            while (_bytes > _maxBytes && _lru.Last is { } last)
            {
                _lru.RemoveLast();
                _entries.Remove(last.Value.Key);
                _bytes -= last.Value.Bytes;
            }
        }
    }
}
