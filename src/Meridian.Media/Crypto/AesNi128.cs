using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Meridian.Media.Crypto;

/// <summary>
/// AES-128 encryption (FIPS 197) with the x86 AES-NI instructions, for the two shapes CENC needs and the BCL lacks: CTR
/// with the keystream XORed straight into the data (the BCL has no CTR mode, so it took counter generation, an ECB call
/// and a separate XOR pass), and CBC over every n-th block in place (the BCL needs the blocks gathered into one buffer).
/// Callers check <see cref="IsSupported"/> and keep a BCL path for other CPUs; tests hold both to the BCL's output.
/// The loops keep the counter and all round keys in registers (read through the array and the ref arguments inside the
/// loop, CTR ran at a quarter of the speed on the benchmark machine). The CTR and single-range CBC loops are compiled fully
/// optimised from the first call: each runs for a whole sample or segment per call, so tiered compilation would spend the
/// first requests in on-stack-replacement code that measured 3-4× slower. The multi-range CBC loop is left to tiering:
/// fully optimised at once it cannot inline its lane bookkeeping and measured 10 % slower than its tier-1 form.
/// </summary>
internal sealed class AesNi128
{
    private const int Rounds = 10;
    private const int Lanes = 8;

    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[Rounds + 1];

    public AesNi128(ReadOnlySpan<byte> key)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI is not available on this CPU.");
        }

        if (key.Length != 16)
        {
            throw new ArgumentException("AES-128 keys are 16 bytes.", nameof(key));
        }

        // FIPS 197 §5.2 key expansion; AESKEYGENASSIST takes the round constant as an immediate, hence the unrolled calls.
        var k = _roundKeys;
        k[0] = Vector128.Create(key);
        k[1] = ExpandKey(k[0], X86Aes.KeygenAssist(k[0], 0x01));
        k[2] = ExpandKey(k[1], X86Aes.KeygenAssist(k[1], 0x02));
        k[3] = ExpandKey(k[2], X86Aes.KeygenAssist(k[2], 0x04));
        k[4] = ExpandKey(k[3], X86Aes.KeygenAssist(k[3], 0x08));
        k[5] = ExpandKey(k[4], X86Aes.KeygenAssist(k[4], 0x10));
        k[6] = ExpandKey(k[5], X86Aes.KeygenAssist(k[5], 0x20));
        k[7] = ExpandKey(k[6], X86Aes.KeygenAssist(k[6], 0x40));
        k[8] = ExpandKey(k[7], X86Aes.KeygenAssist(k[7], 0x80));
        k[9] = ExpandKey(k[8], X86Aes.KeygenAssist(k[8], 0x1B));
        k[10] = ExpandKey(k[9], X86Aes.KeygenAssist(k[9], 0x36));
    }

    /// <summary>AES-NI plus SSSE3 (the byte shuffle that turns counters big-endian).</summary>
    public static bool IsSupported => X86Aes.IsSupported && Ssse3.IsSupported;

    /// <summary>Reverses the bytes of each 64-bit lane: a (high, low) counter pair becomes the big-endian counter block.</summary>
    private static Vector128<byte> CounterByteOrder => Vector128.Create((byte)7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);

    /// <summary>
    /// CTR over whole blocks: <paramref name="destination"/> = <paramref name="source"/> XOR E(counter), E(counter + 1), ...
    /// with the 128-bit big-endian counter (<paramref name="high"/>, <paramref name="low"/>) advanced past the blocks used.
    /// Source and destination may be the same span (in place), not otherwise overlapping.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CtrBlocks(ref ulong high, ref ulong low, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length % 16 != 0 || destination.Length < source.Length)
        {
            throw new ArgumentException("CTR blocks need whole 16-byte blocks and room for them.", nameof(source));
        }

        var keys = _roundKeys.AsSpan(0, Rounds + 1);
        var k0 = keys[0];
        var k1 = keys[1];
        var k2 = keys[2];
        var k3 = keys[3];
        var k4 = keys[4];
        var k5 = keys[5];
        var k6 = keys[6];
        var k7 = keys[7];
        var k8 = keys[8];
        var k9 = keys[9];
        var k10 = keys[10];
        var order = CounterByteOrder;
        var position = 0;

        // Counter and round keys live in registers for the whole loop. Eight independent blocks in flight hide the AESENC
        // latency; a batch whose low half would wrap takes the one-block path below, which carries into the high half.
        var hi = high;
        var lo = low;
        while (source.Length - position >= Lanes * 16 && lo <= ulong.MaxValue - Lanes)
        {
            var counter = Vector128.Create(hi, lo);
            var b0 = Vector128.Shuffle(counter.AsByte(), order) ^ k0;
            var b1 = Vector128.Shuffle((counter + Vector128.Create(0UL, 1UL)).AsByte(), order) ^ k0;
            var b2 = Vector128.Shuffle((counter + Vector128.Create(0UL, 2UL)).AsByte(), order) ^ k0;
            var b3 = Vector128.Shuffle((counter + Vector128.Create(0UL, 3UL)).AsByte(), order) ^ k0;
            var b4 = Vector128.Shuffle((counter + Vector128.Create(0UL, 4UL)).AsByte(), order) ^ k0;
            var b5 = Vector128.Shuffle((counter + Vector128.Create(0UL, 5UL)).AsByte(), order) ^ k0;
            var b6 = Vector128.Shuffle((counter + Vector128.Create(0UL, 6UL)).AsByte(), order) ^ k0;
            var b7 = Vector128.Shuffle((counter + Vector128.Create(0UL, 7UL)).AsByte(), order) ^ k0;
            lo += Lanes;
            b0 = X86Aes.Encrypt(b0, k1);
            b1 = X86Aes.Encrypt(b1, k1);
            b2 = X86Aes.Encrypt(b2, k1);
            b3 = X86Aes.Encrypt(b3, k1);
            b4 = X86Aes.Encrypt(b4, k1);
            b5 = X86Aes.Encrypt(b5, k1);
            b6 = X86Aes.Encrypt(b6, k1);
            b7 = X86Aes.Encrypt(b7, k1);
            b0 = X86Aes.Encrypt(b0, k2);
            b1 = X86Aes.Encrypt(b1, k2);
            b2 = X86Aes.Encrypt(b2, k2);
            b3 = X86Aes.Encrypt(b3, k2);
            b4 = X86Aes.Encrypt(b4, k2);
            b5 = X86Aes.Encrypt(b5, k2);
            b6 = X86Aes.Encrypt(b6, k2);
            b7 = X86Aes.Encrypt(b7, k2);
            b0 = X86Aes.Encrypt(b0, k3);
            b1 = X86Aes.Encrypt(b1, k3);
            b2 = X86Aes.Encrypt(b2, k3);
            b3 = X86Aes.Encrypt(b3, k3);
            b4 = X86Aes.Encrypt(b4, k3);
            b5 = X86Aes.Encrypt(b5, k3);
            b6 = X86Aes.Encrypt(b6, k3);
            b7 = X86Aes.Encrypt(b7, k3);
            b0 = X86Aes.Encrypt(b0, k4);
            b1 = X86Aes.Encrypt(b1, k4);
            b2 = X86Aes.Encrypt(b2, k4);
            b3 = X86Aes.Encrypt(b3, k4);
            b4 = X86Aes.Encrypt(b4, k4);
            b5 = X86Aes.Encrypt(b5, k4);
            b6 = X86Aes.Encrypt(b6, k4);
            b7 = X86Aes.Encrypt(b7, k4);
            b0 = X86Aes.Encrypt(b0, k5);
            b1 = X86Aes.Encrypt(b1, k5);
            b2 = X86Aes.Encrypt(b2, k5);
            b3 = X86Aes.Encrypt(b3, k5);
            b4 = X86Aes.Encrypt(b4, k5);
            b5 = X86Aes.Encrypt(b5, k5);
            b6 = X86Aes.Encrypt(b6, k5);
            b7 = X86Aes.Encrypt(b7, k5);
            b0 = X86Aes.Encrypt(b0, k6);
            b1 = X86Aes.Encrypt(b1, k6);
            b2 = X86Aes.Encrypt(b2, k6);
            b3 = X86Aes.Encrypt(b3, k6);
            b4 = X86Aes.Encrypt(b4, k6);
            b5 = X86Aes.Encrypt(b5, k6);
            b6 = X86Aes.Encrypt(b6, k6);
            b7 = X86Aes.Encrypt(b7, k6);
            b0 = X86Aes.Encrypt(b0, k7);
            b1 = X86Aes.Encrypt(b1, k7);
            b2 = X86Aes.Encrypt(b2, k7);
            b3 = X86Aes.Encrypt(b3, k7);
            b4 = X86Aes.Encrypt(b4, k7);
            b5 = X86Aes.Encrypt(b5, k7);
            b6 = X86Aes.Encrypt(b6, k7);
            b7 = X86Aes.Encrypt(b7, k7);
            b0 = X86Aes.Encrypt(b0, k8);
            b1 = X86Aes.Encrypt(b1, k8);
            b2 = X86Aes.Encrypt(b2, k8);
            b3 = X86Aes.Encrypt(b3, k8);
            b4 = X86Aes.Encrypt(b4, k8);
            b5 = X86Aes.Encrypt(b5, k8);
            b6 = X86Aes.Encrypt(b6, k8);
            b7 = X86Aes.Encrypt(b7, k8);
            b0 = X86Aes.Encrypt(b0, k9);
            b1 = X86Aes.Encrypt(b1, k9);
            b2 = X86Aes.Encrypt(b2, k9);
            b3 = X86Aes.Encrypt(b3, k9);
            b4 = X86Aes.Encrypt(b4, k9);
            b5 = X86Aes.Encrypt(b5, k9);
            b6 = X86Aes.Encrypt(b6, k9);
            b7 = X86Aes.Encrypt(b7, k9);

            var input = source.Slice(position, Lanes * 16);
            var output = destination.Slice(position, Lanes * 16);
            (X86Aes.EncryptLast(b0, k10) ^ Vector128.Create(input)).CopyTo(output);
            (X86Aes.EncryptLast(b1, k10) ^ Vector128.Create(input[16..])).CopyTo(output[16..]);
            (X86Aes.EncryptLast(b2, k10) ^ Vector128.Create(input[32..])).CopyTo(output[32..]);
            (X86Aes.EncryptLast(b3, k10) ^ Vector128.Create(input[48..])).CopyTo(output[48..]);
            (X86Aes.EncryptLast(b4, k10) ^ Vector128.Create(input[64..])).CopyTo(output[64..]);
            (X86Aes.EncryptLast(b5, k10) ^ Vector128.Create(input[80..])).CopyTo(output[80..]);
            (X86Aes.EncryptLast(b6, k10) ^ Vector128.Create(input[96..])).CopyTo(output[96..]);
            (X86Aes.EncryptLast(b7, k10) ^ Vector128.Create(input[112..])).CopyTo(output[112..]);
            position += Lanes * 16;
        }

        high = hi;
        low = lo;

        for (; position < source.Length; position += 16)
        {
            var keystream = EncryptBlock(Vector128.Shuffle(Vector128.Create(high, low).AsByte(), order));
            (keystream ^ Vector128.Create(source[position..])).CopyTo(destination[position..]);
            low++;
            if (low == 0)
            {
                high++;
            }
        }
    }

    /// <summary>Writes E(counter) to <paramref name="keystream"/> (16 bytes) and advances the counter by one.</summary>
    public void CtrKeystreamBlock(ref ulong high, ref ulong low, Span<byte> keystream)
    {
        EncryptBlock(Vector128.Shuffle(Vector128.Create(high, low).AsByte(), CounterByteOrder)).CopyTo(keystream);
        low++;
        if (low == 0)
        {
            high++;
        }
    }

    /// <summary>
    /// CBC encryption in place of the first <paramref name="cryptBlocks"/> blocks of every <paramref name="cryptBlocks"/> +
    /// <paramref name="skipBlocks"/>, one chain from <paramref name="iv"/> through the encrypted blocks only; a trailing
    /// partial block stays clear. <c>cryptBlocks</c> must be at least 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CbcPattern(ReadOnlySpan<byte> iv, Span<byte> range, int cryptBlocks, int skipBlocks)
    {
        var keys = _roundKeys.AsSpan(0, Rounds + 1);
        var k0 = keys[0];
        var k1 = keys[1];
        var k2 = keys[2];
        var k3 = keys[3];
        var k4 = keys[4];
        var k5 = keys[5];
        var k6 = keys[6];
        var k7 = keys[7];
        var k8 = keys[8];
        var k9 = keys[9];
        var k10 = keys[10];
        var chain = Vector128.Create(iv);
        var whole = range.Length & ~15;
        var cryptBytes = cryptBlocks * 16;
        var period = (cryptBlocks + skipBlocks) * 16;
        for (var start = 0; start < whole; start += period)
        {
            var end = Math.Min(start + cryptBytes, whole);
            for (var p = start; p < end; p += 16)
            {
                // CBC is one dependency chain: each block waits for the previous one, so only one is in flight.
                var block = Vector128.Create(range[p..]) ^ chain ^ k0;
                block = X86Aes.Encrypt(block, k1);
                block = X86Aes.Encrypt(block, k2);
                block = X86Aes.Encrypt(block, k3);
                block = X86Aes.Encrypt(block, k4);
                block = X86Aes.Encrypt(block, k5);
                block = X86Aes.Encrypt(block, k6);
                block = X86Aes.Encrypt(block, k7);
                block = X86Aes.Encrypt(block, k8);
                block = X86Aes.Encrypt(block, k9);
                chain = X86Aes.EncryptLast(block, k10);
                chain.CopyTo(range[p..]);
            }
        }
    }

    /// <summary>
    /// <see cref="CbcPattern"/> over many ranges of <paramref name="buffer"/>, each its own chain from <paramref name="iv"/>
    /// (<c>cbcs</c> restarts the chain at every subsample and audio sample). Four ranges are encrypted at a time so that
    /// their chains overlap: one chain is bound by the AESENC latency and leaves the AES units mostly idle (eight lanes
    /// measured slower: their bookkeeping no longer overlaps the rounds).
    /// </summary>
    public void CbcPatternRanges(ReadOnlySpan<byte> iv, Span<byte> buffer, ReadOnlySpan<(int Offset, int Length)> ranges, int cryptBlocks, int skipBlocks)
    {
        var keys = _roundKeys.AsSpan(0, Rounds + 1);
        var k0 = keys[0];
        var k1 = keys[1];
        var k2 = keys[2];
        var k3 = keys[3];
        var k4 = keys[4];
        var k5 = keys[5];
        var k6 = keys[6];
        var k7 = keys[7];
        var k8 = keys[8];
        var k9 = keys[9];
        var k10 = keys[10];
        var start = Vector128.Create(iv);
        var lanes = new CbcLanes(ranges, cryptBlocks * 16, (cryptBlocks + skipBlocks) * 16);
        var c0 = start;
        var c1 = start;
        var c2 = start;
        var c3 = start;
        while (lanes.AnyActive)
        {
            // An idle lane encrypts a dummy block that is never stored: cheaper than branching the rounds.
            var p0 = lanes.Position(0);
            var p1 = lanes.Position(1);
            var p2 = lanes.Position(2);
            var p3 = lanes.Position(3);
            var b0 = (p0 >= 0 ? Vector128.Create(buffer[p0..]) ^ c0 : c0) ^ k0;
            var b1 = (p1 >= 0 ? Vector128.Create(buffer[p1..]) ^ c1 : c1) ^ k0;
            var b2 = (p2 >= 0 ? Vector128.Create(buffer[p2..]) ^ c2 : c2) ^ k0;
            var b3 = (p3 >= 0 ? Vector128.Create(buffer[p3..]) ^ c3 : c3) ^ k0;
            b0 = X86Aes.Encrypt(b0, k1);
            b1 = X86Aes.Encrypt(b1, k1);
            b2 = X86Aes.Encrypt(b2, k1);
            b3 = X86Aes.Encrypt(b3, k1);
            b0 = X86Aes.Encrypt(b0, k2);
            b1 = X86Aes.Encrypt(b1, k2);
            b2 = X86Aes.Encrypt(b2, k2);
            b3 = X86Aes.Encrypt(b3, k2);
            b0 = X86Aes.Encrypt(b0, k3);
            b1 = X86Aes.Encrypt(b1, k3);
            b2 = X86Aes.Encrypt(b2, k3);
            b3 = X86Aes.Encrypt(b3, k3);
            b0 = X86Aes.Encrypt(b0, k4);
            b1 = X86Aes.Encrypt(b1, k4);
            b2 = X86Aes.Encrypt(b2, k4);
            b3 = X86Aes.Encrypt(b3, k4);
            b0 = X86Aes.Encrypt(b0, k5);
            b1 = X86Aes.Encrypt(b1, k5);
            b2 = X86Aes.Encrypt(b2, k5);
            b3 = X86Aes.Encrypt(b3, k5);
            b0 = X86Aes.Encrypt(b0, k6);
            b1 = X86Aes.Encrypt(b1, k6);
            b2 = X86Aes.Encrypt(b2, k6);
            b3 = X86Aes.Encrypt(b3, k6);
            b0 = X86Aes.Encrypt(b0, k7);
            b1 = X86Aes.Encrypt(b1, k7);
            b2 = X86Aes.Encrypt(b2, k7);
            b3 = X86Aes.Encrypt(b3, k7);
            b0 = X86Aes.Encrypt(b0, k8);
            b1 = X86Aes.Encrypt(b1, k8);
            b2 = X86Aes.Encrypt(b2, k8);
            b3 = X86Aes.Encrypt(b3, k8);
            b0 = X86Aes.Encrypt(b0, k9);
            b1 = X86Aes.Encrypt(b1, k9);
            b2 = X86Aes.Encrypt(b2, k9);
            b3 = X86Aes.Encrypt(b3, k9);
            c0 = X86Aes.EncryptLast(b0, k10);
            c1 = X86Aes.EncryptLast(b1, k10);
            c2 = X86Aes.EncryptLast(b2, k10);
            c3 = X86Aes.EncryptLast(b3, k10);
            if (p0 >= 0)
            {
                c0.CopyTo(buffer[p0..]);
                if (lanes.Advance(0))
                {
                    c0 = start;
                }
            }
            if (p1 >= 0)
            {
                c1.CopyTo(buffer[p1..]);
                if (lanes.Advance(1))
                {
                    c1 = start;
                }
            }
            if (p2 >= 0)
            {
                c2.CopyTo(buffer[p2..]);
                if (lanes.Advance(2))
                {
                    c2 = start;
                }
            }
            if (p3 >= 0)
            {
                c3.CopyTo(buffer[p3..]);
                if (lanes.Advance(3))
                {
                    c3 = start;
                }
            }
        }
    }

    /// <summary>Overwrites the round keys; the instance is unusable afterwards.</summary>
    public void Clear() => Array.Clear(_roundKeys);

    private static Vector128<byte> ExpandKey(Vector128<byte> key, Vector128<byte> assist)
    {
        // The assist's word 3 is RotWord(SubWord(w3)) ^ rcon; each new word is the previous round key's word XOR the new
        // word before it, which the three shifted XORs compute for all four words at once.
        var word = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ word;
    }

    private Vector128<byte> EncryptBlock(Vector128<byte> block)
    {
        var keys = _roundKeys.AsSpan();
        block ^= keys[0];
        for (var r = 1; r < Rounds; r++)
        {
            block = X86Aes.Encrypt(block, keys[r]);
        }

        return X86Aes.EncryptLast(block, keys[Rounds]);
    }
}
