using System.Security.Cryptography;

namespace Meridian.Media.Crypto;

/// <summary>
/// <see cref="AesCbcPattern"/> with the key prepared once: AES-NI round keys (<see cref="AesNi128"/>, which encrypts the
/// pattern's blocks in place with no gather buffer) or, on other CPUs and for 192/256-bit keys, one BCL <see cref="Aes"/>.
/// Not thread-safe; one per encryptor.
/// </summary>
public sealed class AesCbcPatternCipher : IDisposable
{
    private readonly AesNi128? _ni;
    private readonly Aes? _aes;

    public AesCbcPatternCipher(ReadOnlySpan<byte> key)
        : this(key, allowAesNi: true)
    {
    }

    /// <param name="key">The AES key.</param>
    /// <param name="allowAesNi">False forces the BCL path, so tests can hold both paths to the same output.</param>
    internal AesCbcPatternCipher(ReadOnlySpan<byte> key, bool allowAesNi)
    {
        if (allowAesNi && AesNi128.IsSupported && key.Length == 16)
        {
            _ni = new AesNi128(key);
            return;
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
    }

    /// <summary>Encrypts <paramref name="range"/> in place as <see cref="AesCbcPattern.Encrypt"/> does.</summary>
    public void Encrypt(ReadOnlySpan<byte> iv, Span<byte> range, int cryptBlocks, int skipBlocks)
    {
        if (_ni is null)
        {
            AesCbcPattern.Encrypt(_aes!, iv, range, cryptBlocks, skipBlocks);
            return;
        }

        if (iv.Length != 16)
        {
            throw new ArgumentException("A CBC IV is 16 bytes.", nameof(iv));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(cryptBlocks);
        ArgumentOutOfRangeException.ThrowIfNegative(skipBlocks);
        _ni.CbcPattern(iv, range, cryptBlocks == 0 && skipBlocks == 0 ? 1 : cryptBlocks, skipBlocks);
    }

    /// <summary>
    /// Encrypts each of <paramref name="ranges"/> (offset and length in <paramref name="buffer"/>, not overlapping) in place
    /// as <see cref="Encrypt"/> would, every range from the same <paramref name="iv"/>; with AES-NI several at a time.
    /// </summary>
    public void EncryptRanges(ReadOnlySpan<byte> iv, Span<byte> buffer, ReadOnlySpan<(int Offset, int Length)> ranges, int cryptBlocks, int skipBlocks)
    {
        foreach (var (offset, length) in ranges)
        {
            if (offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(ranges), $"Range {offset}+{length} is outside the {buffer.Length}-byte buffer.");
            }
        }

        if (_ni is null)
        {
            foreach (var (offset, length) in ranges)
            {
                AesCbcPattern.Encrypt(_aes!, iv, buffer.Slice(offset, length), cryptBlocks, skipBlocks);
            }

            return;
        }

        if (iv.Length != 16)
        {
            throw new ArgumentException("A CBC IV is 16 bytes.", nameof(iv));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(cryptBlocks);
        ArgumentOutOfRangeException.ThrowIfNegative(skipBlocks);
        _ni.CbcPatternRanges(iv, buffer, ranges, cryptBlocks == 0 && skipBlocks == 0 ? 1 : cryptBlocks, skipBlocks);
    }

    public void Dispose()
    {
        _ni?.Clear();
        _aes?.Dispose();
    }
}
