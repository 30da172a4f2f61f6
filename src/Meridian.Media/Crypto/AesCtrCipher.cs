using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Meridian.Media.Crypto;

/// <summary>
/// AES-CTR (NIST SP 800-38A §6.5) as CENC uses it: a 128-bit big-endian counter block and a keystream position that
/// carries over between calls, so a sample's protected ranges form one continuous keystream as ISO/IEC 23001-7 §9.5.1
/// requires (leftover bytes of a partial block are used first). For a 128-bit key the fastest backend this machine has is
/// used (<see cref="DefaultBackend"/>): libgcrypt's VAES code, else the managed AES-NI loop that XORs the keystream straight
/// into the data (<see cref="AesNi128"/>); otherwise the BCL ECB-encrypts counter blocks in batches.
/// </summary>
public sealed class AesCtrCipher : IDisposable
{
    private const int BatchBlocks = 256;

    private readonly GcryptCipherHandle? _gcrypt;
    private readonly AesNi128? _ni;
    private readonly Aes? _aes;
    private readonly ICryptoTransform? _ecb;
    private readonly byte[]? _counters;
    private readonly byte[] _keystream;
    private bool _disposed;
    private ulong _high;
    private ulong _low;
    private int _offset;
    private int _available;

    public AesCtrCipher(ReadOnlySpan<byte> key)
        : this(key, key.Length == 16 ? DefaultBackend : AesCtrBackend.Bcl)
    {
    }

    /// <param name="key">The AES key.</param>
    /// <param name="backend">
    /// The implementation, so tests and benchmarks can hold each to the same output; the two fast ones take 128-bit keys
    /// only and throw <see cref="PlatformNotSupportedException"/> where the machine lacks them.
    /// </param>
    public AesCtrCipher(ReadOnlySpan<byte> key, AesCtrBackend backend)
    {
        Backend = backend;
        if (backend != AesCtrBackend.Bcl && key.Length != 16)
        {
            throw new ArgumentException($"The {backend} backend takes 128-bit keys only.", nameof(key));
        }

        if (backend == AesCtrBackend.Libgcrypt)
        {
            if (!Libgcrypt.IsUsable)
            {
                throw new PlatformNotSupportedException("libgcrypt 1.9+ on a CPU with VAES and AVX2 is not available here.");
            }

            _gcrypt = Libgcrypt.OpenAes128Ctr(key);
            _keystream = [];
            return;
        }

        if (backend == AesCtrBackend.AesNi)
        {
            _ni = new AesNi128(key);
            _keystream = new byte[16];
            return;
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;

        // One transform for the cipher's life: the one-shot EncryptEcb re-initialises the native context on every call,
        // which dominates for the many small refills of short samples.
        _ecb = _aes.CreateEncryptor();
        _counters = ArrayPool<byte>.Shared.Rent(BatchBlocks * 16);
        _keystream = ArrayPool<byte>.Shared.Rent(BatchBlocks * 16);
    }

    /// <summary>
    /// The backend a 128-bit key gets by default: libgcrypt where it is usable (VAES), AES-NI where the CPU has it, else
    /// the BCL.
    /// </summary>
    public static AesCtrBackend DefaultBackend { get; } =
        Libgcrypt.IsUsable ? AesCtrBackend.Libgcrypt : AesNi128.IsSupported ? AesCtrBackend.AesNi : AesCtrBackend.Bcl;

    /// <summary>The implementation this cipher runs on.</summary>
    public AesCtrBackend Backend { get; }

    /// <summary>Starts a new keystream at a 16-byte initial counter block (for CENC: the 8-byte IV then 8 zero bytes).</summary>
    public void Reset(ReadOnlySpan<byte> initialCounter)
    {
        if (initialCounter.Length != 16)
        {
            throw new ArgumentException("The initial counter block is 16 bytes.", nameof(initialCounter));
        }

        if (_gcrypt is not null)
        {
            Libgcrypt.SetCounter(_gcrypt, initialCounter);
            return;
        }

        _high = BinaryPrimitives.ReadUInt64BigEndian(initialCounter);
        _low = BinaryPrimitives.ReadUInt64BigEndian(initialCounter[8..]);
        _offset = 0;
        _available = 0;
    }

    /// <summary>XORs the next keystream bytes into <paramref name="data"/> (encryption and decryption are the same).</summary>
    public void Transform(Span<byte> data) => Transform(data, data);

    /// <summary>
    /// Writes <paramref name="source"/> XOR the next keystream bytes to <paramref name="destination"/> (at least as long),
    /// so a copy and its encryption take one pass. The spans may be the same, not otherwise overlapping.
    /// </summary>
    public void Transform(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        }

        var inPlace = source.Overlaps(destination, out var shift);
        if (inPlace && shift != 0)
        {
            throw new ArgumentException("The source and destination overlap other than exactly.", nameof(destination));
        }

        if (_gcrypt is not null)
        {
            Libgcrypt.Encrypt(_gcrypt, source, destination);
            return;
        }

        if (_ni is null)
        {
            if (!inPlace)
            {
                source.CopyTo(destination);
            }

            TransformBatched(destination[..source.Length]);
            return;
        }

        if (_available > 0)
        {
            var n = Math.Min(_available, source.Length);
            Xor(source[..n], _keystream.AsSpan(_offset, n), destination);
            _offset += n;
            _available -= n;
            source = source[n..];
            destination = destination[n..];
        }

        var whole = source.Length & ~15;
        _ni.CtrBlocks(ref _high, ref _low, source[..whole], destination);
        if (whole < source.Length)
        {
            var tail = source.Length - whole;
            _ni.CtrKeystreamBlock(ref _high, ref _low, _keystream);
            Xor(source[whole..], _keystream.AsSpan(0, tail), destination[whole..]);
            _offset = tail;
            _available = 16 - tail;
        }
    }

    public void Dispose()
    {
        // A second Dispose must not hand the pooled buffers back again: two later renters would share them.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _gcrypt?.Dispose();
        _ni?.Clear();
        _ecb?.Dispose();
        _aes?.Dispose();
        if (_counters is not null)
        {
            ArrayPool<byte>.Shared.Return(_counters);
            ArrayPool<byte>.Shared.Return(_keystream, clearArray: true);
        }
        else
        {
            Array.Clear(_keystream);
        }
    }

    private void TransformBatched(Span<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_available == 0)
            {
                Refill((int)Math.Min(BatchBlocks, ((long)data.Length + 15) / 16));
            }

            var n = Math.Min(_available, data.Length);
            Xor(data[..n], _keystream.AsSpan(_offset, n), data);
            _offset += n;
            _available -= n;
            data = data[n..];
        }
    }

    private void Refill(int blocks)
    {
        var counters = _counters!.AsSpan(0, blocks * 16);
        for (var i = 0; i < blocks; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(counters[(i * 16)..], _high);
            BinaryPrimitives.WriteUInt64BigEndian(counters[((i * 16) + 8)..], _low);
            _low++;
            if (_low == 0)
            {
                _high++;
            }
        }

        _ecb!.TransformBlock(_counters!, 0, blocks * 16, _keystream, 0);
        _offset = 0;
        _available = blocks * 16;
    }

    private static void Xor(ReadOnlySpan<byte> data, ReadOnlySpan<byte> keystream, Span<byte> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<byte>.Count <= data.Length; i += Vector<byte>.Count)
            {
                (new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(destination[i..]);
            }
        }

        for (; i < data.Length; i++)
        {
            destination[i] = (byte)(data[i] ^ keystream[i]);
        }
    }
}
