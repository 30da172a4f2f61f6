using System.IO.Hashing;
using System.Runtime.InteropServices;

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
    private ulong _fingerprint;

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

    /// <summary>
    /// A 64-bit XXH3 hash of the sample table (sizes, file offsets, timing and sync flags), made on first use. Two encodes
    /// that differ anywhere in their samples' layout differ here, which is what keeps their encryption IVs apart; the same
    /// file copied to another region gives the same value.
    /// </summary>
    public ulong Fingerprint
    {
        get
        {
            // Racing readers compute the same value; 0 means not yet (a hash of 0 is merely computed again).
            var fingerprint = Volatile.Read(ref _fingerprint);
            if (fingerprint == 0)
            {
                fingerprint = ComputeFingerprint();
                Volatile.Write(ref _fingerprint, fingerprint);
            }

            return fingerprint;
        }
    }

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

    // Little-endian array bytes: every platform .NET runs the origin on (x64, Arm64) is little-endian.
    private ulong ComputeFingerprint()
    {
        var hash = new XxHash3();
        Span<byte> count = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(count, Count);
        hash.Append(count);
        hash.Append(MemoryMarshal.AsBytes(Sizes));
        hash.Append(MemoryMarshal.AsBytes(Offsets));
        hash.Append(MemoryMarshal.AsBytes(DecodeTimes));
        hash.Append(MemoryMarshal.AsBytes(CompositionOffsets));
        hash.Append(MemoryMarshal.AsBytes(_nonSync.AsSpan(0, (Count + 63) / 64)));
        return hash.GetCurrentHashAsUInt64();
    }
}
