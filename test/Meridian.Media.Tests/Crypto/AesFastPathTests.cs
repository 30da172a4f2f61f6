using System.Buffers.Binary;
using System.Security.Cryptography;
using Meridian.Media.Crypto;

namespace Meridian.Media.Tests.Crypto;

/// <summary>
/// The fast paths (<see cref="AesNi128"/> behind <see cref="AesCtrCipher"/> and <see cref="AesCbcPatternCipher"/>, and
/// libgcrypt's VAES code behind <see cref="AesCtrCipher"/>) against the BCL: NIST SP 800-38A vectors (<see cref="NistAes"/>),
/// and random keys, counters, lengths and call splits compared with references built from single-block
/// <see cref="SymmetricAlgorithm.EncryptEcb(byte[], PaddingMode)"/> calls.
/// </summary>
public sealed class AesFastPathTests
{
    [Fact]
    public void ThisMachine_HasAesNi_SoTheFastPathIsTested()
    {
        // The benchmark and CI machines are x86-64 with AES-NI; without it every test below would only cover the BCL path.
        Assert.True(AesNi128.IsSupported, "AES-NI is not available: the fast path is not exercised here.");
    }

    [Fact]
    public void OnACpuWithVaes_LibgcryptIsUsed_SoItsPathIsTested()
    {
        // ./meridian installs libgcrypt20; where the CPU has VAES (the benchmark and CI machines) it must load and be chosen.
        var vaes = System.Runtime.Intrinsics.X86.X86Base.IsSupported &&
            (System.Runtime.Intrinsics.X86.X86Base.CpuId(7, 0).Ecx & (1 << 9)) != 0 &&
            System.Runtime.Intrinsics.X86.Avx2.IsSupported;
        Assert.Equal(vaes, Libgcrypt.IsUsable);
        Assert.Equal(vaes ? AesCtrBackend.Libgcrypt : AesCtrBackend.AesNi, AesCtrCipher.DefaultBackend);
        using var ctr = new AesCtrCipher(NistAes.Key);
        Assert.Equal(AesCtrCipher.DefaultBackend, ctr.Backend);
    }

    public static TheoryData<AesCtrBackend> CtrBackends()
    {
        var data = new TheoryData<AesCtrBackend> { AesCtrBackend.Bcl, AesCtrBackend.AesNi };
        if (Libgcrypt.IsUsable)
        {
            data.Add(AesCtrBackend.Libgcrypt);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CtrBackends))]
    public void Ctr_NistF51(AesCtrBackend backend)
    {
        using var ctr = new AesCtrCipher(NistAes.Key, backend);
        ctr.Reset(NistAes.CtrCounter);
        var data = NistAes.Plaintext.ToArray();
        ctr.Transform(data);
        Assert.Equal(Convert.ToHexString(NistAes.CtrCiphertext), Convert.ToHexString(data));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CbcPattern_NistF21(bool aesNi)
    {
        using var cbc = new AesCbcPatternCipher(NistAes.Key, aesNi);
        var data = NistAes.Plaintext.ToArray();
        cbc.Encrypt(NistAes.CbcIv, data, 0, 0);
        Assert.Equal(Convert.ToHexString(NistAes.CbcCiphertext), Convert.ToHexString(data));
    }

    [Theory]
    [MemberData(nameof(CtrBackends))]
    public void Ctr_Random_MatchesEcbReference_InPlaceAndOutOfPlace_AnySplit(AesCtrBackend backend)
    {
        var random = new Random(20240501);
        for (var trial = 0; trial < 200; trial++)
        {
            var key = Bytes(random, 16);
            var counter = Bytes(random, 16);
            if (trial % 4 == 0)
            {
                // Low half a few blocks short of wrapping: the 8-block batches must hand over to the carrying path.
                BinaryPrimitives.WriteUInt64BigEndian(counter.AsSpan(8), ulong.MaxValue - (ulong)random.Next(0, 20));
            }

            if (trial % 8 == 0)
            {
                counter.AsSpan().Fill(0xFF);
            }

            var plain = Bytes(random, random.Next(0, 2000));
            var expected = CtrReference(key, counter, plain);

            using var fast = new AesCtrCipher(key, backend);
            using var bcl = new AesCtrCipher(key, AesCtrBackend.Bcl);
            var inPlace = plain.ToArray();
            var outOfPlace = new byte[plain.Length + 3];
            var viaBcl = new byte[plain.Length];
            fast.Reset(counter);
            bcl.Reset(counter);
            foreach (var (start, length) in Splits(random, plain.Length))
            {
                fast.Transform(inPlace.AsSpan(start, length));
                bcl.Transform(plain.AsSpan(start, length), viaBcl.AsSpan(start, length));
            }

            fast.Reset(counter);
            foreach (var (start, length) in Splits(random, plain.Length))
            {
                fast.Transform(plain.AsSpan(start, length), outOfPlace.AsSpan(start));
            }

            Assert.Equal(expected, inPlace);
            Assert.Equal(expected, viaBcl);
            Assert.Equal(expected, outOfPlace[..plain.Length]);
        }
    }

    [Fact]
    public void Ctr_256BitKey_FallsBackToTheBcl()
    {
        var random = new Random(7);
        var key = Bytes(random, 32);
        var counter = Bytes(random, 16);
        var plain = Bytes(random, 1000);
        using var ctr = new AesCtrCipher(key);
        ctr.Reset(counter);
        var data = plain.ToArray();
        ctr.Transform(data);
        Assert.Equal(CtrReference(key, counter, plain), data);
    }

    [Fact]
    public void Ctr_FastBackends_Refuse256BitKeys()
    {
        var key = new byte[32];
        Assert.Throws<ArgumentException>(() => new AesCtrCipher(key, AesCtrBackend.AesNi));
        Assert.Throws<ArgumentException>(() => new AesCtrCipher(key, AesCtrBackend.Libgcrypt));
    }

    [Fact]
    public void Ctr_PartlyOverlappingSpans_AreRejected()
    {
        using var ctr = new AesCtrCipher(NistAes.Key);
        ctr.Reset(NistAes.CtrCounter);
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => ctr.Transform(buffer.AsSpan(0, 32), buffer.AsSpan(16, 32)));
    }

    [Theory]
    [InlineData(1, 9)]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 3)]
    [InlineData(5, 1)]
    [InlineData(0, 4)]
    public void CbcPattern_Random_MatchesEcbReference(int crypt, int skip)
    {
        var random = new Random((crypt * 31) + skip);
        for (var trial = 0; trial < 100; trial++)
        {
            var key = Bytes(random, 16);
            var iv = Bytes(random, 16);
            var plain = Bytes(random, random.Next(0, 3000));
            var expected = CbcPatternReference(key, iv, plain, crypt, skip);

            using var fast = new AesCbcPatternCipher(key, allowAesNi: true);
            using var bcl = new AesCbcPatternCipher(key, allowAesNi: false);
            using var aes = Aes.Create();
            aes.Key = key;
            var viaFast = plain.ToArray();
            var viaBcl = plain.ToArray();
            var viaStatic = plain.ToArray();
            fast.Encrypt(iv, viaFast, crypt, skip);
            bcl.Encrypt(iv, viaBcl, crypt, skip);
            AesCbcPattern.Encrypt(aes, iv, viaStatic, crypt, skip);

            Assert.Equal(expected, viaFast);
            Assert.Equal(expected, viaBcl);
            Assert.Equal(expected, viaStatic);
        }
    }

    [Theory]
    [InlineData(1, 9)]
    [InlineData(0, 0)]
    [InlineData(2, 3)]
    [InlineData(0, 4)]
    public void CbcPatternRanges_EachRangeAsItsOwnChain(int crypt, int skip)
    {
        var random = new Random(1000 + (crypt * 31) + skip);
        for (var trial = 0; trial < 60; trial++)
        {
            var key = Bytes(random, 16);
            var iv = Bytes(random, 16);
            var plain = Bytes(random, random.Next(0, 20000));

            // Random non-overlapping ranges in random order, some shorter than a block, some empty.
            var ranges = new List<(int Offset, int Length)>();
            var position = 0;
            while (position < plain.Length)
            {
                position += random.Next(0, 100);
                var length = Math.Min(random.Next(4) == 0 ? random.Next(0, 20) : random.Next(0, 3000), plain.Length - Math.Min(position, plain.Length));
                if (position + length > plain.Length)
                {
                    break;
                }

                ranges.Add((position, length));
                position += length;
            }

            ranges = [.. ranges.OrderBy(_ => random.Next())];
            var expected = plain.ToArray();
            foreach (var (offset, length) in ranges)
            {
                CbcPatternReference(key, iv, plain[offset..(offset + length)], crypt, skip).CopyTo(expected, offset);
            }

            using var fast = new AesCbcPatternCipher(key, allowAesNi: true);
            using var bcl = new AesCbcPatternCipher(key, allowAesNi: false);
            var viaFast = plain.ToArray();
            var viaBcl = plain.ToArray();
            fast.EncryptRanges(iv, viaFast, ranges.ToArray(), crypt, skip);
            bcl.EncryptRanges(iv, viaBcl, ranges.ToArray(), crypt, skip);
            Assert.Equal(expected, viaFast);
            Assert.Equal(expected, viaBcl);
        }
    }

    [Fact]
    public void CbcPatternRanges_RejectsARangeOutsideTheBuffer()
    {
        using var cbc = new AesCbcPatternCipher(NistAes.Key);
        Assert.Throws<ArgumentOutOfRangeException>(() => cbc.EncryptRanges(NistAes.CbcIv, new byte[64], [(0, 32), (48, 32)], 1, 9));
    }

    [Fact]
    public void SampleIvGenerator_MatchesIvDerivation()
    {
        var key = new ContentKey(Guid.Parse("60000000-0000-0000-0000-000000000001"), Convert.FromHexString("d54aa2a2101f5ac1069142d8c478d866"));
        byte[][] contexts = [[], "asset-1"u8.ToArray(), [.. "asset-1"u8, .. "/piff"u8], new byte[300]];
        foreach (var context in contexts)
        {
            var generator = new SampleIvGenerator(key, 3, context);
            foreach (var index in new[] { 0, 1, 2, 1000, int.MaxValue, 5 })
            {
                var expected = new byte[8];
                var actual = new byte[8];
                IvDerivation.SampleIv(key, 3, index, context, expected);
                generator.SampleIv(index, actual);
                Assert.Equal(expected, actual);
            }

            // One HMAC per track, then a big-endian count: sample n + 1 has the IV of sample n plus one.
            var first = new byte[8];
            var next = new byte[8];
            generator.SampleIv(41, first);
            generator.SampleIv(42, next);
            Assert.Equal(unchecked(BinaryPrimitives.ReadUInt64BigEndian(first) + 1), BinaryPrimitives.ReadUInt64BigEndian(next));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleIvGenerator(key, 3, []).SampleIv(-1, new byte[8]));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // Cuts [0, length) into consecutive pieces of random size, many of them not multiples of 16.
    private static List<(int Start, int Length)> Splits(Random random, int length)
    {
        var result = new List<(int, int)>();
        var position = 0;
        while (position < length)
        {
            var piece = random.Next(3) switch
            {
                0 => random.Next(1, 17),
                1 => random.Next(1, 300),
                _ => length - position,
            };
            piece = Math.Min(piece, length - position);
            result.Add((position, piece));
            position += piece;
        }

        return result;
    }

    private static byte[] CtrReference(byte[] key, byte[] counter, byte[] plain)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var block = counter.ToArray();
        var output = new byte[plain.Length];
        for (var offset = 0; offset < plain.Length; offset += 16)
        {
            var keystream = aes.EncryptEcb(block, PaddingMode.None);
            for (var i = 0; i < 16 && offset + i < plain.Length; i++)
            {
                output[offset + i] = (byte)(plain[offset + i] ^ keystream[i]);
            }

            // 128-bit big-endian increment, wrapping at 2^128.
            for (var i = 15; i >= 0 && ++block[i] == 0; i--)
            {
            }
        }

        return output;
    }

    private static byte[] CbcPatternReference(byte[] key, byte[] iv, byte[] plain, int crypt, int skip)
    {
        if (crypt == 0 && skip == 0)
        {
            crypt = 1;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        var output = plain.ToArray();
        var chain = iv.ToArray();
        for (var b = 0; (b + 1) * 16 <= plain.Length; b++)
        {
            if (b % (crypt + skip) >= crypt)
            {
                continue;
            }

            var block = new byte[16];
            for (var i = 0; i < 16; i++)
            {
                block[i] = (byte)(plain[(b * 16) + i] ^ chain[i]);
            }

            chain = aes.EncryptEcb(block, PaddingMode.None);
            chain.CopyTo(output, b * 16);
        }

        return output;
    }

    [Fact]
    public void DisposingTwice_ReturnsThePooledBuffersOnce()
    {
        // The BCL path rents two 4 KiB buffers; returned twice, the pool would hand each to two later renters.
        var cipher = new AesCtrCipher(new byte[16], AesCtrBackend.Bcl);
        cipher.Dispose();
        cipher.Dispose();
        var rented = Enumerable.Range(0, 4).Select(_ => System.Buffers.ArrayPool<byte>.Shared.Rent(256 * 16)).ToList();
        try
        {
            Assert.Equal(rented.Count, rented.Distinct(ReferenceEqualityComparer.Instance).Count());
        }
        finally
        {
            rented.ForEach(buffer => System.Buffers.ArrayPool<byte>.Shared.Return(buffer));
        }
    }
}
