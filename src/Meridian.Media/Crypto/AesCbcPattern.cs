using System.Buffers;
using System.Security.Cryptography;

namespace Meridian.Media.Crypto;

/// <summary>
/// AES-CBC pattern encryption (ISO/IEC 23001-7 §9.6, §10.4): within a protected range the 16-byte blocks are taken in
/// groups of <c>crypt + skip</c>; the first <c>crypt</c> blocks of each group are encrypted, the rest left clear, and a
/// trailing partial block stays clear. The CBC chain runs through the encrypted blocks only and starts from the IV at
/// each range. A 0:0 pattern means every whole block is encrypted (<c>cbcs</c> audio). The encrypted blocks are gathered,
/// encrypted with one <see cref="SymmetricAlgorithm.EncryptCbc(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>
/// call and scattered back.
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

        var period = cryptBlocks + skipBlocks;
        var blocks = range.Length / 16;
        var encrypted = 0;
        for (var b = 0; b < blocks; b++)
        {
            if (b % period < cryptBlocks)
            {
                encrypted++;
            }
        }

        if (encrypted == 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(encrypted * 16 * 2);
        try
        {
            var gathered = buffer.AsSpan(0, encrypted * 16);
            var cipher = buffer.AsSpan(encrypted * 16, encrypted * 16);
            var g = 0;
            for (var b = 0; b < blocks; b++)
            {
                if (b % period < cryptBlocks)
                {
                    range.Slice(b * 16, 16).CopyTo(gathered[(g++ * 16)..]);
                }
            }

            aes.EncryptCbc(gathered, iv, cipher, PaddingMode.None);
            g = 0;
            for (var b = 0; b < blocks; b++)
            {
                if (b % period < cryptBlocks)
                {
                    cipher.Slice(g++ * 16, 16).CopyTo(range[(b * 16)..]);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
