using System.Buffers;
using System.Buffers.Binary;
using Meridian.Media.Isobmff;

namespace Meridian.Media.Cmaf;

/// <summary>
/// Writes ISO-BMFF boxes (ISO/IEC 14496-12 §4.2) to an <see cref="IBufferWriter{T}"/>. Box sizes are back-patched when a
/// box ends, so each top-level box is staged in a private buffer and handed to the output once complete; bytes written
/// outside any box (such as <c>mdat</c> payloads) go straight to the output.
/// </summary>
public sealed class BoxWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly Stack<int> _open = new();
    private byte[] _buffer = new byte[1024];
    private int _length;
    private long _flushed;

    public BoxWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Bytes written so far through this writer, including staged ones; box offsets are taken from here.</summary>
    public long Position => _flushed + _length;

    /// <summary>Nesting depth of open boxes.</summary>
    public int Depth => _open.Count;

    public void StartBox(FourCC type)
    {
        _open.Push(_length);
        WriteUInt32(0);
        WriteFourCC(type);
    }

    /// <summary>Starts a FullBox: header plus 8-bit version and 24-bit flags (§4.2).</summary>
    public void StartFullBox(FourCC type, byte version, uint flags)
    {
        StartBox(type);
        WriteUInt32(((uint)version << 24) | (flags & 0xFFFFFF));
    }

    /// <summary>Ends the innermost box, patching its size; completing a top-level box hands it to the output.</summary>
    public void EndBox()
    {
        if (_open.Count == 0)
        {
            throw new InvalidOperationException("No box is open.");
        }

        var start = _open.Pop();
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(start), (uint)(_length - start));
        if (_open.Count == 0)
        {
            Flush();
        }
    }

    /// <summary>Overwrites a 32-bit field written earlier inside a box that is still open.</summary>
    public void PatchUInt32(long position, uint value)
    {
        var index = position - _flushed;
        if (_open.Count == 0 || index < 0 || index + 4 > _length)
        {
            throw new InvalidOperationException("Only bytes of a box that is still open can be patched.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan((int)index), value);
    }

    public void WriteUInt8(byte value) => Reserve(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    public void WriteFourCC(FourCC value) => value.Write(Reserve(4));

    public void WriteZeros(int count) => Reserve(count).Clear();

    /// <summary>Writes raw bytes: staged inside an open box, straight to the output otherwise.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (_open.Count == 0)
        {
            _output.Write(bytes);
            _flushed += bytes.Length;
            return;
        }

        bytes.CopyTo(Reserve(bytes.Length));
    }

    /// <summary>Writes an <c>mdat</c> header (§8.1.1) for a payload the caller then writes with <see cref="WriteBytes"/>.</summary>
    /// <returns>The header length, 8 or 16 (64-bit largesize when the box would exceed 32 bits).</returns>
    public int WriteMediaDataHeader(long payloadSize)
    {
        if (_open.Count != 0)
        {
            throw new InvalidOperationException("'mdat' is written at the top level.");
        }

        Span<byte> header = stackalloc byte[16];
        int length;
        if (payloadSize + 8 <= uint.MaxValue)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(payloadSize + 8));
            BoxTypes.Mdat.Write(header[4..]);
            length = 8;
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, 1);
            BoxTypes.Mdat.Write(header[4..]);
            BinaryPrimitives.WriteUInt64BigEndian(header[8..], (ulong)(payloadSize + 16));
            length = 16;
        }

        WriteBytes(header[..length]);
        return length;
    }

    /// <summary>
    /// Output space for <paramref name="length"/> raw bytes outside any box, for an <c>mdat</c> payload produced in place
    /// (e.g. encrypted while copied); <see cref="Advance"/> commits it.
    /// </summary>
    public Span<byte> GetSpan(int length)
    {
        if (_open.Count != 0)
        {
            throw new InvalidOperationException("Raw output space is taken at the top level.");
        }

        return _output.GetSpan(length)[..length];
    }

    /// <summary>Like <see cref="GetSpan"/>, for asynchronous writers (reads straight into the output).</summary>
    public Memory<byte> GetMemory(int length)
    {
        if (_open.Count != 0)
        {
            throw new InvalidOperationException("Raw output space is taken at the top level.");
        }

        return _output.GetMemory(length)[..length];
    }

    /// <summary>Commits <paramref name="length"/> bytes written to the span from <see cref="GetSpan"/>.</summary>
    public void Advance(int length)
    {
        _output.Advance(length);
        _flushed += length;
    }

    private Span<byte> Reserve(int count)
    {
        if (_open.Count == 0)
        {
            throw new InvalidOperationException("Fields are written inside a box.");
        }

        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private void Flush()
    {
        _output.Write(_buffer.AsSpan(0, _length));
        _flushed += _length;
        _length = 0;
    }
}
