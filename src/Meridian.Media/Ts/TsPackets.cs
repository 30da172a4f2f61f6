using System.Buffers;
using System.Buffers.Binary;

namespace Meridian.Media.Ts;

/// <summary>Transport stream packets (ISO/IEC 13818-1 §2.4.3.2) and PSI sections (§2.4.4).</summary>
internal static class TsPackets
{
    public const int Size = 188;
    public const int HeaderSize = 4;
    public const int MaxPayload = Size - HeaderSize;

    /// <summary>Adaptation field bytes (length byte included) of a first packet carrying a PCR: length, flags, 6-byte PCR.</summary>
    public const int PcrFieldSize = 8;

    /// <summary>Adaptation field bytes of a first packet carrying only the random access indicator: length, flags.</summary>
    public const int FlagsFieldSize = 2;

    private const long TimestampMask = (1L << 33) - 1;

    /// <summary>
    /// Writes one packet. Whatever <paramref name="payload"/> leaves free is filled by the adaptation field: flags and PCR when
    /// asked for, then stuffing bytes (§2.4.3.5), so every packet is exactly 188 bytes.
    /// </summary>
    public static void Write(
        IBufferWriter<byte> output, int pid, bool payloadStart, int continuity, long? pcr, bool randomAccess, ReadOnlySpan<byte> payload)
    {
        var packet = output.GetSpan(Size)[..Size];
        var adaptation = MaxPayload - payload.Length;
        var flagged = pcr.HasValue || randomAccess;
        var needed = pcr.HasValue ? PcrFieldSize : flagged ? FlagsFieldSize : 0;
        if (adaptation < needed)
        {
            throw new InvalidOperationException("The payload leaves no room for the adaptation field.");
        }

        var control = payload.Length == 0 ? 0x20 : adaptation > 0 ? 0x30 : 0x10;
        packet[0] = 0x47;
        packet[1] = (byte)((payloadStart ? 0x40 : 0) | ((pid >> 8) & 0x1F));
        packet[2] = (byte)pid;
        packet[3] = (byte)(control | (continuity & 0x0F));
        if (adaptation > 0)
        {
            var field = packet.Slice(HeaderSize, adaptation);
            field[0] = (byte)(adaptation - 1);
            if (adaptation > 1)
            {
                field[1] = (byte)((randomAccess ? 0x40 : 0) | (pcr.HasValue ? 0x10 : 0));
                var stuffing = 2;
                if (pcr is { } value)
                {
                    WritePcr(field[2..], value);
                    stuffing = PcrFieldSize;
                }

                field[stuffing..].Fill(0xFF);
            }
        }

        payload.CopyTo(packet[(HeaderSize + adaptation)..]);
        output.Advance(Size);
    }

    /// <summary>Writes a PSI section alone in one packet: pointer field 0, the section, then 0xFF stuffing (§2.4.4.2).</summary>
    public static void WriteSection(IBufferWriter<byte> output, int pid, int continuity, ReadOnlySpan<byte> section)
    {
        var packet = output.GetSpan(Size)[..Size];
        packet[0] = 0x47;
        packet[1] = (byte)(0x40 | ((pid >> 8) & 0x1F));
        packet[2] = (byte)pid;
        packet[3] = (byte)(0x10 | (continuity & 0x0F));
        packet[4] = 0;
        section.CopyTo(packet[5..]);
        packet[(5 + section.Length)..].Fill(0xFF);
        output.Advance(Size);
    }

    /// <summary>Program association section (§2.4.4.3) for program 1 on <paramref name="pmtPid"/>.</summary>
    public static byte[] ProgramAssociation(int pmtPid)
    {
        var s = new byte[16];
        s[0] = 0x00;
        s[1] = 0xB0;
        s[2] = 13;
        s[3] = 0x00;
        s[4] = 0x01;
        s[5] = 0xC1;
        s[6] = 0x00;
        s[7] = 0x00;
        s[8] = 0x00;
        s[9] = 0x01;
        s[10] = (byte)(0xE0 | (pmtPid >> 8));
        s[11] = (byte)pmtPid;
        BinaryPrimitives.WriteUInt32BigEndian(s.AsSpan(12), Mpeg2Crc32.Compute(s.AsSpan(0, 12)));
        return s;
    }

    /// <summary>Program map section (§2.4.4.8) for program 1.</summary>
    public static byte[] ProgramMap(int pcrPid, IReadOnlyList<(int StreamType, int Pid, byte[] Descriptors)> streams)
    {
        var length = 12;
        foreach (var s in streams)
        {
            length += 5 + s.Descriptors.Length;
        }

        var section = new byte[length + 4];
        var sectionLength = length + 4 - 3;
        section[0] = 0x02;
        section[1] = (byte)(0xB0 | (sectionLength >> 8));
        section[2] = (byte)sectionLength;
        section[3] = 0x00;
        section[4] = 0x01;
        section[5] = 0xC1;
        section[6] = 0x00;
        section[7] = 0x00;
        section[8] = (byte)(0xE0 | (pcrPid >> 8));
        section[9] = (byte)pcrPid;
        section[10] = 0xF0;
        section[11] = 0x00;
        var p = 12;
        foreach (var s in streams)
        {
            section[p++] = (byte)s.StreamType;
            section[p++] = (byte)(0xE0 | (s.Pid >> 8));
            section[p++] = (byte)s.Pid;
            section[p++] = (byte)(0xF0 | (s.Descriptors.Length >> 8));
            section[p++] = (byte)s.Descriptors.Length;
            s.Descriptors.CopyTo(section, p);
            p += s.Descriptors.Length;
        }

        BinaryPrimitives.WriteUInt32BigEndian(section.AsSpan(p), Mpeg2Crc32.Compute(section.AsSpan(0, p)));
        return section;
    }

    /// <summary>
    /// Writes a PES header (§2.4.3.6): start code, stream id, packet length (0 = unbounded, allowed for video only), data
    /// alignment, PTS and, when it differs, DTS.
    /// </summary>
    public static void WritePesHeader(Span<byte> header, byte streamId, int packetLength, long pts, long? dts)
    {
        header[0] = 0;
        header[1] = 0;
        header[2] = 1;
        header[3] = streamId;
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)packetLength);
        header[6] = 0x84;
        header[7] = (byte)(dts.HasValue ? 0xC0 : 0x80);
        header[8] = (byte)(dts.HasValue ? 10 : 5);
        WriteTimestamp(header[9..], dts.HasValue ? 0x3 : 0x2, pts);
        if (dts is { } d)
        {
            WriteTimestamp(header[14..], 0x1, d);
        }
    }

    public static int PesHeaderLength(bool withDts) => withDts ? 19 : 14;

    private static void WriteTimestamp(Span<byte> b, int prefix, long value)
    {
        var ts = value & TimestampMask;
        b[0] = (byte)((prefix << 4) | (int)((ts >> 29) & 0x0E) | 1);
        b[1] = (byte)(ts >> 22);
        b[2] = (byte)(((ts >> 14) & 0xFE) | 1);
        b[3] = (byte)(ts >> 7);
        b[4] = (byte)(((ts << 1) & 0xFE) | 1);
    }

    private static void WritePcr(Span<byte> b, long value)
    {
        var pcrBase = value & TimestampMask;
        b[0] = (byte)(pcrBase >> 25);
        b[1] = (byte)(pcrBase >> 17);
        b[2] = (byte)(pcrBase >> 9);
        b[3] = (byte)(pcrBase >> 1);
        b[4] = (byte)(((pcrBase & 1) << 7) | 0x7E);
        b[5] = 0;
    }
}
