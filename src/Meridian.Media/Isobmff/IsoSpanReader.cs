using System.Buffers.Binary;

namespace Meridian.Media.Isobmff;

/// <summary>
/// A bounds-checked big-endian cursor over a box payload. Every read past the end throws
/// <see cref="MediaFormatException"/> naming the box, never <see cref="IndexOutOfRangeException"/>.
/// </summary>
internal ref struct IsoSpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly FourCC _box;
    private int _position;

    public IsoSpanReader(ReadOnlySpan<byte> data, FourCC box)
    {
        _data = data;
        _box = box;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly ReadOnlySpan<byte> Rest => _data[_position..];

    public byte ReadUInt8() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public uint ReadUInt24()
    {
        var b = Take(3);
        return ((uint)b[0] << 16) | ((uint)b[1] << 8) | b[2];
    }

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>Reads a 32- or 64-bit unsigned field (version-dependent layouts) as a non-negative long.</summary>
    public long ReadUnsigned(bool wide)
    {
        if (!wide)
        {
            return ReadUInt32();
        }

        var value = ReadUInt64();
        if (value > long.MaxValue)
        {
            throw new MediaFormatException($"Box '{_box}' has a 64-bit value {value} out of range.");
        }

        return (long)value;
    }

    public FourCC ReadFourCC() => FourCC.Read(Take(4));

    /// <summary>Reads the FullBox version and flags (§4.2).</summary>
    public (byte Version, uint Flags) ReadFullBoxHeader()
    {
        var word = ReadUInt32();
        return ((byte)(word >> 24), word & 0xFFFFFF);
    }

    public void Skip(int count) => Take(count);

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>
    /// Validates that <paramref name="count"/> entries of <paramref name="entrySize"/> bytes fit in what remains, before any
    /// allocation sized by <paramref name="count"/>.
    /// </summary>
    public readonly int CheckEntries(uint count, int entrySize)
    {
        if ((ulong)count * (ulong)entrySize > (ulong)Remaining)
        {
            throw new MediaFormatException(
                $"Box '{_box}' declares {count} entries of {entrySize} bytes but only {Remaining} bytes remain.");
        }

        return (int)count;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw new MediaFormatException(
                $"Box '{_box}' is truncated: needed {count} bytes at payload offset {_position}, {_data.Length - _position} remain.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
