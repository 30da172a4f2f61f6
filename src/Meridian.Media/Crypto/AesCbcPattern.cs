using System.Buffers;
using System.Security.Cryptography;

namespace Meridian.Media.Crypto;

/// <summary>
/// AES-CBC pattern encryption (ISO/IEC 23001-7 §9.6, §10.4): within a protected range the 16-byte blocks are taken in
/// groups of <c>crypt + skip</c>; the first <c>crypt</c> blocks of each group are encrypted, the rest left clear, and a
/// trailing partial block stays clear. The CBC chain runs through the encrypted blocks only and starts from the IV at
/// each range. A 0:0 pattern means every whole block is encrypted (<c>cbcs</c> audio). The encrypted blocks are gathered,
/// encrypted with one <see cref="SymmetricAlgorithm.EncryptCbc(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>
/// call and scattered back; <see cref="AesCbcPatternCipher"/> keeps the key between calls and uses AES-NI where it can.
/// </summary>
public static class AesCbcPattern
{
    public static void Encrypt(Aes aes, ReadOnlySpan<byte> iv, Span<byte> range, int cryptBlocks, int skipBlocks)
    {
        ArgumentNullException.ThrowIfNull(aes);
        if (cryptBlocks == 0 && skipBlocks == 0)
        {
            cryptBlocks = 1;
        }

        var whole = range.Length & ~15;
        var cryptBytes = cryptBlocks * 16;
        var period = (cryptBlocks + skipBlocks) * 16;
        var encrypted = 0;
        for (var start = 0; start < whole; start += period)
        {
            encrypted += Math.Min(cryptBytes, whole - start);
        }

        if (encrypted == 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(encrypted * 2);
        try
        {
            var gathered = buffer.AsSpan(0, encrypted);
            var cipher = buffer.AsSpan(encrypted, encrypted);
            var g = 0;
            for (var start = 0; start < whole; start += period)
            {
                var n = Math.Min(cryptBytes, whole - start);
                range.Slice(start, n).CopyTo(gathered[g..]);
                g += n;
            }

            aes.EncryptCbc(gathered, iv, cipher, PaddingMode.None);
            g = 0;
            for (var start = 0; start < whole; start += period)
            {
                var n = Math.Min(cryptBytes, whole - start);
                cipher.Slice(g, n).CopyTo(range[start..]);
                g += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
