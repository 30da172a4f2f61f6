using System.Security.Cryptography;

namespace Meridian.Media.Crypto;

/// <summary>
/// Whole-segment AES-128 (HLS <c>METHOD=AES-128</c>, RFC 8216 §5.2; DASH-SEA <c>aes128-cbc</c>; AMS <c>encryption=cbc</c>):
/// AES-128-CBC with PKCS#7 padding over the complete segment bytes, TS or CMAF alike. Pair with an IV from
/// <see cref="IvDerivation.SequenceNumberIv"/> or <see cref="IvDerivation.SegmentIv"/>.
/// </summary>
public static class SegmentEncryption
{
    /// <summary>Ciphertext length for a clear segment: PKCS#7 always adds 1 to 16 bytes.</summary>
    public static int EncryptedLength(int clearLength) => checked(((clearLength / 16) + 1) * 16);

    public static byte[] EncryptSegment(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> clear)
    {
        var output = new byte[EncryptedLength(clear.Length)];
        EncryptSegment(key, iv, clear, output);
        return output;
    }

    /// <returns>Bytes written, <see cref="EncryptedLength"/> of the clear length.</returns>
    public static int EncryptSegment(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> clear, Span<byte> destination)
    {
        if (key.Length != ContentKey.KeyLength)
        {
            throw new ArgumentException("AES-128 keys are 16 bytes.", nameof(key));
        }

        if (iv.Length != IvDerivation.BlockIvLength)
        {
            throw new ArgumentException("AES-128 IVs are 16 bytes.", nameof(iv));
        }

        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        return aes.EncryptCbc(clear, iv, destination, PaddingMode.PKCS7);
    }
}
