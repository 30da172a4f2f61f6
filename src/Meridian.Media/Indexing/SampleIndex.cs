namespace Meridian.Media.Indexing;

/// <summary>
/// The samples of one track as parallel primitive arrays (about 29 bytes per sample), whether they came from progressive
/// sample tables or from movie fragments.
/// </summary>
/// <remarks>
/// Indexes live in <see cref="MediaIndexCache"/> for hours and a two-hour rendition has ~180,000 video samples, so the
/// layout is columns rather than one object per sample: no per-sample headers, nothing for the GC to trace.
/// </remarks>
public sealed class SampleIndex
{
    private readonly long[] _decodeTimes;
    private readonly uint[] _durations;
    private readonly int[] _compositionOffsets;
    private readonly uint[] _sizes;
    private readonly long[] _offsets;
    private readonly ulong[] _nonSync;

    internal SampleIndex(long[] decodeTimes, uint[] durations, int[] compositionOffsets, uint[] sizes, long[] offsets, ulong[] nonSync, int count)
    {
        _decodeTimes = decodeTimes;
        _durations = durations;
        _compositionOffsets = compositionOffsets;
        _sizes = sizes;
        _offsets = offsets;
        _nonSync = nonSync;
        Count = count;
        for (var i = 0; i < count; i++)
        {
            TotalBytes += sizes[i];
        }

        EndDecodeTime = count == 0 ? 0 : decodeTimes[count - 1] + durations[count - 1];
    }

    public int Count { get; }

    /// <summary>Sum of all sample sizes.</summary>
    public long TotalBytes { get; }

    /// <summary>Decode time just after the last sample.</summary>
    public long EndDecodeTime { get; }

    public ReadOnlySpan<long> DecodeTimes => _decodeTimes.AsSpan(0, Count);

    public ReadOnlySpan<uint> Durations => _durations.AsSpan(0, Count);

    public ReadOnlySpan<int> CompositionOffsets => _compositionOffsets.AsSpan(0, Count);

    public ReadOnlySpan<uint> Sizes => _sizes.AsSpan(0, Count);

    public ReadOnlySpan<long> Offsets => _offsets.AsSpan(0, Count);

    /// <summary>Approximate heap cost, for cache accounting.</summary>
    public long ApproximateBytes => 64 + (_decodeTimes.Length * 8L) + (_durations.Length * 4L) + (_compositionOffsets.Length * 4L)
        + (_sizes.Length * 4L) + (_offsets.Length * 8L) + (_nonSync.Length * 8L);

    public SampleInfo this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return new SampleInfo(_decodeTimes[index], _durations[index], _compositionOffsets[index], _sizes[index], _offsets[index], IsSync(index));
        }
    }

    public bool IsSync(int index) => (_nonSync[index >> 6] & (1UL << (index & 63))) == 0;

    /// <summary>Index of the last sample whose decode time is at or before <paramref name="decodeTime"/>, or -1.</summary>
    public int FindSampleAtOrBefore(long decodeTime)
    {
        var i = DecodeTimes.BinarySearch(decodeTime);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>Index of the first sync sample at or after <paramref name="index"/>, or <see cref="Count"/> when none.</summary>
    public int NextSyncSample(int index)
    {
        for (var i = Math.Max(index, 0); i < Count; i++)
        {
            if (IsSync(i))
            {
                return i;
            }
        }

        return Count;
    }
}
