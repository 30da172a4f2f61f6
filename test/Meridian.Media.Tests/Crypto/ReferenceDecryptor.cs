using System.Buffers.Binary;
using System.Security.Cryptography;
using static Meridian.Media.Tests.Crypto.TestBoxes;

namespace Meridian.Media.Tests.Crypto;

/// <summary>
/// An independent, block-at-a-time decryptor for the tests: reads tenc from the init segment and trun/senc/mdat from each
/// media segment, and returns the clear samples. It shares no code with Meridian.Media.Crypto.
/// </summary>
public sealed class ReferenceDecryptor
{
    private readonly byte[] _key;

    public ReferenceDecryptor(byte[] key, byte[] init)
    {
        _key = key;
        var entry = ChildrenOf(init, Find(init, "moov/trak/mdia/minf/stbl/stsd"))[0];
        var sinf = Find(init, "sinf", entry);
        Scheme = System.Text.Encoding.ASCII.GetString(init, Find(init, "schm", sinf).PayloadStart + 4, 4);
        var tenc = Find(init, "schi/tenc", sinf);
        var p = tenc.PayloadStart;
        var version = init[p];
        Crypt = version == 0 ? 0 : init[p + 5] >> 4;
        Skip = version == 0 ? 0 : init[p + 5] & 0xF;
        Assert.Equal(1, init[p + 6]);
        IvSize = init[p + 7];
        KeyId = init.AsSpan(p + 8, 16).ToArray();
        if (IvSize == 0)
        {
            Assert.Equal(16, init[p + 24]);
            ConstantIv = init.AsSpan(p + 25, 16).ToArray();
        }
    }

    public string Scheme { get; }

    public int Crypt { get; }

    public int Skip { get; }

    public int IvSize { get; }

    public byte[] KeyId { get; }

    public byte[]? ConstantIv { get; }

    public sealed record Sample(byte[] Data, byte[] Iv, List<(int Clear, int Protected)>? Subsamples);

    /// <summary>The encrypted samples of a media segment with their auxiliary information.</summary>
    public List<Sample> ReadSegment(byte[] segment)
    {
        var moof = Find(segment, "moof");
        var traf = Find(segment, "traf", moof);
        var trun = Find(segment, "trun", traf);
        var trunFlags = U32(segment, trun.PayloadStart) & 0xFFFFFF;
        var count = (int)U32(segment, trun.PayloadStart + 4);
        Assert.True((trunFlags & 0x1) != 0 && (trunFlags & 0x200) != 0, "trun without data offset or sizes");
        var mdatStart = (int)U32(segment, trun.PayloadStart + 8) + moof.Start;
        var field = trun.PayloadStart + 12 + ((trunFlags & 0x4) != 0 ? 4 : 0);
        var sizes = new int[count];
        for (var i = 0; i < count; i++)
        {
            field += (trunFlags & 0x100) != 0 ? 4 : 0;
            sizes[i] = (int)U32(segment, field);
            field += 4 + ((trunFlags & 0x400) != 0 ? 4 : 0) + ((trunFlags & 0x800) != 0 ? 4 : 0);
        }

        // senc, or PIFF 1.1's uuid form (same payload after the 16-byte extended type).
        var sencs = All(segment, "senc", traf);
        foreach (var uuid in All(segment, "uuid", traf))
        {
            if (Convert.ToHexString(segment, uuid.PayloadStart, 16) == "A2394F525A9B4F14A2446C427C648DF4")
            {
                sencs.Add(uuid with { PayloadStart = uuid.PayloadStart + 16 });
            }
        }

        var result = new List<Sample>();
        var aux = -1;
        var flags = 0u;
        if (sencs.Count == 1)
        {
            var senc = sencs[0];
            flags = U32(segment, senc.PayloadStart) & 0xFFFFFF;
            Assert.Equal((uint)count, U32(segment, senc.PayloadStart + 4));
            aux = senc.PayloadStart + 8;
        }

        var data = mdatStart;
        for (var i = 0; i < count; i++)
        {
            var iv = ConstantIv ?? [];
            List<(int, int)>? subsamples = null;
            if (aux >= 0)
            {
                if (IvSize > 0)
                {
                    iv = segment.AsSpan(aux, IvSize).ToArray();
                    aux += IvSize;
                }

                if ((flags & 2) != 0)
                {
                    var n = U16(segment, aux);
                    aux += 2;
                    subsamples = [];
                    for (var k = 0; k < n; k++)
                    {
                        subsamples.Add((U16(segment, aux), (int)U32(segment, aux + 2)));
                        aux += 6;
                    }
                }
            }

            result.Add(new Sample(segment.AsSpan(data, sizes[i]).ToArray(), iv, subsamples));
            data += sizes[i];
        }

        return result;
    }

    public byte[] Decrypt(Sample sample)
    {
        var data = sample.Data.ToArray();
        var ranges = sample.Subsamples ?? [(0, data.Length)];
        Assert.Equal(data.Length, ranges.Sum(r => r.Clear + r.Protected));
        using var aes = Aes.Create();
        aes.Key = _key;
        var position = 0;
        long keystreamOffset = 0;
        foreach (var (clear, protectedBytes) in ranges)
        {
            position += clear;
            var range = data.AsSpan(position, protectedBytes);
            if (Scheme == "cenc")
            {
                for (var i = 0; i < range.Length; i++, keystreamOffset++)
                {
                    var counter = new byte[16];
                    sample.Iv.CopyTo(counter, 0);
                    BinaryPrimitives.WriteUInt64BigEndian(counter.AsSpan(8), (ulong)(keystreamOffset / 16));
                    range[i] ^= aes.EncryptEcb(counter, PaddingMode.None)[keystreamOffset % 16];
                }
            }
            else
            {
                var period = Crypt + Skip;
                var previous = sample.Iv.ToArray();
                for (var b = 0; b < range.Length / 16; b++)
                {
                    if (period != 0 && b % period >= Crypt)
                    {
                        continue;
                    }

                    var block = range.Slice(b * 16, 16);
                    var cipher = block.ToArray();
                    var plain = aes.DecryptEcb(cipher, PaddingMode.None);
                    for (var j = 0; j < 16; j++)
                    {
                        block[j] = (byte)(plain[j] ^ previous[j]);
                    }

                    previous = cipher;
                }
            }

            position += protectedBytes;
        }

        return data;
    }
}
