namespace Meridian.Media.Crypto;

/// <summary>
/// Position bookkeeping for <see cref="AesNi128.CbcPatternRanges"/>: four lanes, each walking the encrypted blocks of one
/// range (the first <c>crypt</c> blocks of every period, whole blocks only) and taking the next range with at least one
/// such block when its range is done.
/// </summary>
internal ref struct CbcLanes
{
    private const int Count = 4;

    private readonly ReadOnlySpan<(int Offset, int Length)> _ranges;
    private readonly int _cryptBytes;
    private readonly int _period;
    private Lane4 _position;
    private Lane4 _runEnd;
    private Lane4 _periodStart;
    private Lane4 _end;
    private int _nextRange;
    private int _active;

    public CbcLanes(ReadOnlySpan<(int Offset, int Length)> ranges, int cryptBytes, int period)
    {
        _ranges = ranges;
        _cryptBytes = cryptBytes;
        _period = period;
        for (var lane = 0; lane < Count; lane++)
        {
            _position[lane] = -1;
            Start(lane);
        }
    }

    public readonly bool AnyActive => _active > 0;

    /// <summary>Offset of the lane's next block to encrypt, or -1 when the lane has no more work.</summary>
    public readonly int Position(int lane) => _position[lane];

    /// <summary>Moves past the block just encrypted; true when the lane started a new range (its chain restarts at the IV).</summary>
    public bool Advance(int lane)
    {
        var next = _position[lane] + 16;
        if (next < _runEnd[lane])
        {
            _position[lane] = next;
            return false;
        }

        var periodStart = _periodStart[lane] + _period;
        if (periodStart < _end[lane])
        {
            _periodStart[lane] = periodStart;
            _position[lane] = periodStart;
            _runEnd[lane] = Math.Min(periodStart + _cryptBytes, _end[lane]);
            return false;
        }

        _active--;
        _position[lane] = -1;
        return Start(lane);
    }

    private bool Start(int lane)
    {
        while (_nextRange < _ranges.Length)
        {
            var (offset, length) = _ranges[_nextRange++];
            var whole = length & ~15;
            if (whole == 0 || _cryptBytes == 0)
            {
                continue;
            }

            _position[lane] = offset;
            _periodStart[lane] = offset;
            _end[lane] = offset + whole;
            _runEnd[lane] = offset + Math.Min(_cryptBytes, whole);
            _active++;
            return true;
        }

        return false;
    }
}
