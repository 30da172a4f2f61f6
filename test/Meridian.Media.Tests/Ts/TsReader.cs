namespace Meridian.Media.Tests.Ts;

/// <summary>A test-side transport stream parser: packets, PCRs and reassembled PES packets, independent of the writer.</summary>
public static class TsReader
{
    public sealed record Packet(int Index, int Pid, bool Start, int Continuity, bool HasPayload, long? Pcr, bool RandomAccess, byte[] Payload);

    public sealed record Pes(int Pid, int FirstPacket, long? Pts, long? Dts, byte[] Data);

    public static List<Packet> Packets(byte[] ts)
    {
        Assert.Equal(0, ts.Length % 188);
        var result = new List<Packet>();
        for (var i = 0; i < ts.Length / 188; i++)
        {
            var p = ts.AsSpan(i * 188, 188);
            Assert.Equal(0x47, p[0]);
            var pid = ((p[1] & 0x1F) << 8) | p[2];
            var control = (p[3] >> 4) & 3;
            var offset = 4;
            long? pcr = null;
            var rai = false;
            if ((control & 2) != 0)
            {
                var length = p[4];
                if (length > 0)
                {
                    rai = (p[5] & 0x40) != 0;
                    if ((p[5] & 0x10) != 0)
                    {
                        pcr = ((long)p[6] << 25) | ((long)p[7] << 17) | ((long)p[8] << 9) | ((long)p[9] << 1) | ((long)p[10] >> 7);
                    }
                }

                offset = 5 + length;
                Assert.True(offset <= 188, $"packet {i}: adaptation field too long");
            }

            var hasPayload = (control & 1) != 0;
            result.Add(new Packet(i, pid, (p[1] & 0x40) != 0, p[3] & 0x0F, hasPayload, pcr, rai, hasPayload ? p[offset..].ToArray() : []));
        }

        return result;
    }

    public static List<Pes> PesPackets(List<Packet> packets, int pid)
    {
        var result = new List<Pes>();
        List<byte>? current = null;
        var first = 0;
        foreach (var p in packets.Where(p => p.Pid == pid && p.HasPayload))
        {
            if (p.Start)
            {
                if (current is not null)
                {
                    result.Add(ParsePes(pid, first, [.. current]));
                }

                current = [];
                first = p.Index;
            }

            current?.AddRange(p.Payload);
        }

        if (current is not null)
        {
            result.Add(ParsePes(pid, first, [.. current]));
        }

        return result;
    }

    /// <summary>NAL unit types of an Annex B access unit (4- or 3-byte start codes).</summary>
    public static List<int> NalTypes(byte[] annexB, bool hevc)
    {
        var types = new List<int>();
        for (var i = 0; i + 3 < annexB.Length; i++)
        {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1)
            {
                types.Add(hevc ? (annexB[i + 3] >> 1) & 0x3F : annexB[i + 3] & 0x1F);
                i += 3;
            }
        }

        return types;
    }

    private static Pes ParsePes(int pid, int first, byte[] d)
    {
        Assert.True(d.Length >= 9 && d[0] == 0 && d[1] == 0 && d[2] == 1, $"PES on PID {pid} at packet {first} lacks a start code");
        var length = (d[4] << 8) | d[5];
        var flags = d[7];
        var headerLength = d[8];
        long? pts = (flags & 0x80) != 0 ? Timestamp(d.AsSpan(9)) : null;
        long? dts = (flags & 0x40) != 0 ? Timestamp(d.AsSpan(14)) : pts;
        var payload = d[(9 + headerLength)..];
        if (length != 0)
        {
            Assert.Equal(length, d.Length - 6);
        }

        return new Pes(pid, first, pts, dts, payload);
    }

    private static long Timestamp(ReadOnlySpan<byte> b) =>
        ((long)(b[0] & 0x0E) << 29) | ((long)b[1] << 22) | ((long)(b[2] & 0xFE) << 14) | ((long)b[3] << 7) | ((long)b[4] >> 1);
}
