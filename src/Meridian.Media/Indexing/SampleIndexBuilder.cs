namespace Meridian.Media.Indexing;

/// <summary>Accumulates samples into the column arrays of a <see cref="SampleIndex"/>, bounded by a maximum count.</summary>
internal sealed class SampleIndexBuilder
{
    private readonly int _max;
    private long[] _decodeTimes;
    private uint[] _durations;
    private int[] _compositionOffsets;
    private uint[] _sizes;
    private long[] _offsets;
    private ulong[] _nonSync;
    private int _count;

    public SampleIndexBuilder(int capacity, int max)
    {
        _max = max;
        capacity = Math.Clamp(capacity, 16, max);
        _decodeTimes = new long[capacity];
        _durations = new uint[capacity];
        _compositionOffsets = new int[capacity];
        _sizes = new uint[capacity];
        _offsets = new long[capacity];
        _nonSync = new ulong[(capacity + 63) / 64];
    }

    public int Count => _count;

    public void Add(long decodeTime, uint duration, int compositionOffset, uint size, long offset, bool isSync)
    {
        if (_count == _decodeTimes.Length)
        {
            if (_count >= _max)
            {
                throw new MediaFormatException($"A track has more than {_max} samples.");
            }

            var capacity = (int)Math.Min((long)_count * 2, _max);
            Array.Resize(ref _decodeTimes, capacity);
            Array.Resize(ref _durations, capacity);
            Array.Resize(ref _compositionOffsets, capacity);
            Array.Resize(ref _sizes, capacity);
            Array.Resize(ref _offsets, capacity);
            Array.Resize(ref _nonSync, (capacity + 63) / 64);
        }

        _decodeTimes[_count] = decodeTime;
        _durations[_count] = duration;
        _compositionOffsets[_count] = compositionOffset;
        _sizes[_count] = size;
        _offsets[_count] = offset;
        if (!isSync)
        {
            _nonSync[_count >> 6] |= 1UL << (_count & 63);
        }

        _count++;
    }

    /// <summary>Builds the index, trimming spare capacity so cached indexes hold no slack.</summary>
    public SampleIndex Build()
    {
        var n = _count;
        return new SampleIndex(
            Trim(_decodeTimes, n), Trim(_durations, n), Trim(_compositionOffsets, n), Trim(_sizes, n), Trim(_offsets, n),
            Trim(_nonSync, (n + 63) / 64), n);
    }

    private static T[] Trim<T>(T[] array, int length)
    {
        if (array.Length == length)
        {
            return array;
        }

        var trimmed = new T[length];
        Array.Copy(array, trimmed, length);
        return trimmed;
    }
}
