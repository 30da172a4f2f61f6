using System.Buffers.Binary;

namespace Meridian.Media.Isobmff;

/// <summary>A four-character code (box type, brand, handler type, sample entry format), ISO/IEC 14496-12 §4.2.</summary>
public readonly record struct FourCC(uint Value)
{
    public static FourCC Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 4)
        {
            throw new ArgumentException("A four-character code has exactly four characters.", nameof(text));
        }

        return new FourCC(((uint)(byte)text[0] << 24) | ((uint)(byte)text[1] << 16) | ((uint)(byte)text[2] << 8) | (byte)text[3]);
    }

    public static FourCC Read(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt32BigEndian(bytes));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>The code as text; non-printable bytes appear as <c>\xNN</c> so hostile codes stay readable in messages.</summary>
    public override string ToString()
    {
        Span<char> chars = stackalloc char[16];
        var n = 0;
        for (var shift = 24; shift >= 0; shift -= 8)
        {
            var b = (byte)(Value >> shift);
            if (b is >= 0x20 and < 0x7f)
            {
                chars[n++] = (char)b;
            }
            else
            {
                chars[n++] = '\\';
                chars[n++] = 'x';
                chars[n++] = "0123456789abcdef"[b >> 4];
                chars[n++] = "0123456789abcdef"[b & 0xf];
            }
        }

        return new string(chars[..n]);
    }
}
