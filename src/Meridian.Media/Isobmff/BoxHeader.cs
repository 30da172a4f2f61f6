using System.Buffers.Binary;

namespace Meridian.Media.Isobmff;

/// <summary>
/// A validated box header (ISO/IEC 14496-12 §4.2): type, absolute offset, header length and total size.
/// </summary>
public readonly record struct BoxHeader(FourCC Type, long Offset, int HeaderSize, long Size)
{
    /// <summary>Bytes needed to parse any header: size, type, largesize and a <c>uuid</c> user type.</summary>
    public const int MaxHeaderSize = 32;

    public long End => Offset + Size;

    public long PayloadOffset => Offset + HeaderSize;

    public long PayloadSize => Size - HeaderSize;

    /// <summary>
    /// Parses the header of a box starting at <paramref name="offset"/> whose parent (or the file) ends at <paramref name="parentEnd"/>.
    /// </summary>
    /// <param name="bytes">The bytes at <paramref name="offset"/>; may be shorter than <see cref="MaxHeaderSize"/> near the end.</param>
    /// <param name="offset">Offset of the box in its coordinate space (file or parent buffer).</param>
    /// <param name="parentEnd">End of the enclosing container (or the file) in the same coordinate space.</param>
    /// <remarks>
    /// size == 1 means a 64-bit largesize follows; size == 0 means "to the end of the enclosing container". A size smaller
    /// than its own header or reaching past the parent is rejected, which also guarantees every walk makes progress.
    /// </remarks>
    public static BoxHeader Parse(ReadOnlySpan<byte> bytes, long offset, long parentEnd)
    {
        var available = parentEnd - offset;
        if (available < 8 || bytes.Length < 8)
        {
            throw new MediaFormatException($"Truncated box header at offset {offset}: {Math.Max(available, 0)} bytes left in the parent.");
        }

        var size32 = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var type = FourCC.Read(bytes[4..]);
        var headerSize = 8;
        long size;
        if (size32 == 1)
        {
            if (available < 16 || bytes.Length < 16)
            {
                throw new MediaFormatException($"Truncated 64-bit size of box '{type}' at offset {offset}.");
            }

            var large = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
            if (large > long.MaxValue)
            {
                throw new MediaFormatException($"Box '{type}' at offset {offset} has an impossible 64-bit size {large}.");
            }

            size = (long)large;
            headerSize = 16;
        }
        else if (size32 == 0)
        {
            size = available;
        }
        else
        {
            size = size32;
        }

        if (type == BoxTypes.Uuid)
        {
            headerSize += 16;
        }

        if (size < headerSize)
        {
            throw new MediaFormatException($"Box '{type}' at offset {offset} has size {size}, smaller than its {headerSize}-byte header.");
        }

        if (size > available)
        {
            throw new MediaFormatException(
                $"Box '{type}' at offset {offset} has size {size} but only {available} bytes remain in its parent.");
        }

        if (headerSize > bytes.Length)
        {
            throw new MediaFormatException($"Truncated header of box '{type}' at offset {offset}.");
        }

        return new BoxHeader(type, offset, headerSize, size);
    }
}
