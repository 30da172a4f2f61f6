namespace Meridian.Media.Isobmff;

/// <summary>
/// Walks the boxes packed in a container payload held in memory. Each header is validated against the container end,
/// and every box is at least 8 bytes, so the walk always terminates.
/// </summary>
internal ref struct ChildBoxEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ChildBox _current;

    public ChildBoxEnumerator(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _current = default;
    }

    public readonly ChildBox Current => _current;

    public readonly ChildBoxEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_position >= _data.Length)
        {
            return false;
        }

        // QuickTime writers end some containers with a 32-bit zero terminator; tolerate short all-zero tails only.
        if (_data.Length - _position < 8 && !_data[_position..].ContainsAnyExcept((byte)0))
        {
            _position = _data.Length;
            return false;
        }

        var header = BoxHeader.Parse(_data[_position..], _position, _data.Length);
        _current = new ChildBox(header, _data.Slice((int)header.PayloadOffset, (int)header.PayloadSize));
        _position = (int)header.End;
        return true;
    }
}
