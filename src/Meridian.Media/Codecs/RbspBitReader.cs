namespace Meridian.Media.Codecs;

/// <summary>
/// An MSB-first bit cursor over an escaped NAL unit (as stored in a sample) that reads its RBSP: every emulation prevention
/// byte (the <c>0x03</c> of <c>0x000003</c>, ITU-T H.264 §7.4.1, H.265 §7.4.2) is skipped, while
/// <see cref="EscapedBytesConsumed"/> still counts in the escaped bytes, which is what subsample clear lengths count.
/// </summary>
/// <remarks>Reading past the end, or an exp-Golomb code longer than 32 bits, throws <see cref="MediaFormatException"/>.</remarks>
internal ref struct RbspBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;

    // Invariant: _position indexes an RBSP byte (never an emulation prevention byte) or equals _data.Length.
    private int _position;
    private int _bit;
    private int _zeros;
    private int _consumedEnd;

    public RbspBitReader(ReadOnlySpan<byte> escaped, string what)
    {
        _data = escaped;
        _what = what;
    }

    /// <summary>Escaped bytes from the start of the NAL unit through the last byte holding a bit read so far.</summary>
    public readonly int EscapedBytesConsumed => _bit == 0 ? _consumedEnd : _position + 1;

    public readonly bool IsByteAligned => _bit == 0;

    public bool ReadFlag() => ReadBit() != 0;

    public uint ReadBit()
    {
        if (_position >= _data.Length)
        {
            throw Truncated();
        }

        var value = (uint)(_data[_position] >> (7 - _bit)) & 1;
        if (++_bit == 8)
        {
            NextByte();
        }

        return value;
    }

    /// <summary>Reads <paramref name="count"/> bits (0 to 32) as an unsigned number.</summary>
    public uint ReadBits(int count)
    {
        if ((uint)count > 32)
        {
            throw new MediaFormatException($"The {_what} asks for a {count}-bit field.");
        }

        uint value = 0;
        while (count > 0)
        {
            if (_bit == 0 && count >= 8)
            {
                if (_position >= _data.Length)
                {
                    throw Truncated();
                }

                value = (value << 8) | _data[_position];
                NextByte();
                count -= 8;
            }
            else
            {
                value = (value << 1) | ReadBit();
                count--;
            }
        }

        return value;
    }

    public void Skip(int count)
    {
        while (count > 0)
        {
            var step = Math.Min(count, 32);
            ReadBits(step);
            count -= step;
        }
    }

    /// <summary>ue(v), §9.1: at most 31 leading zero bits, so values up to 2^32 - 2.</summary>
    public uint ReadUe()
    {
        var zeros = 0;
        while (ReadBit() == 0)
        {
            if (++zeros > 31)
            {
                throw new MediaFormatException($"The {_what} holds an exp-Golomb code longer than 32 bits.");
            }
        }

        return (uint)(((1UL << zeros) - 1) + ReadBits(zeros));
    }

    /// <summary>ue(v) that must not exceed <paramref name="max"/> (the range the standard allows for the named element).</summary>
    public uint ReadUe(uint max, string name)
    {
        var value = ReadUe();
        if (value > max)
        {
            throw new MediaFormatException($"The {_what} has {name} = {value}, more than {max}.");
        }

        return value;
    }

    /// <summary>se(v), §9.1.1.</summary>
    public int ReadSe()
    {
        var k = ReadUe();
        var magnitude = (int)((k + 1UL) / 2);
        return (k & 1) != 0 ? magnitude : -magnitude;
    }

    public readonly MediaFormatException Truncated() => new($"The {_what} is truncated.");

    public readonly MediaFormatException Invalid(string detail) => new($"The {_what} is invalid: {detail}.");

    private void NextByte()
    {
        _zeros = _data[_position] == 0 ? _zeros + 1 : 0;
        _position++;
        _consumedEnd = _position;
        _bit = 0;
        if (_zeros >= 2 && _position < _data.Length && _data[_position] == 3)
        {
            _position++;
            _zeros = 0;
        }
    }
}
