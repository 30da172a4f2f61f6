namespace Meridian.Media.Ts;

/// <summary>
/// H.264/H.265 start code emulation prevention (ISO/IEC 14496-10 §7.4.1): a <c>0x03</c> byte after every two zero bytes
/// that precede a byte of 0x00 to 0x03, or end the NAL unit. Encrypted NAL units need it (their ciphertext can contain
/// start codes).
/// </summary>
public static class EmulationPrevention
{
    /// <summary>The most bytes <see cref="Escape"/> can write for <paramref name="length"/> input bytes.</summary>
    public static int MaxEscapedLength(int length) => checked(length + (length / 2) + 1);

    /// <returns>The bytes written to <paramref name="destination"/>.</returns>
    public static int Escape(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = 0;
        var zeros = 0;
        foreach (var b in source)
        {
            if (zeros >= 2 && b <= 3)
            {
                destination[written++] = 3;
                zeros = 0;
            }

            destination[written++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }

        if (zeros >= 2)
        {
            destination[written++] = 3;
        }

        return written;
    }
}
