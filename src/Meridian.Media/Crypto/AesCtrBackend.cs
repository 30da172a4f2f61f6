namespace Meridian.Media.Crypto;

/// <summary>Which implementation an <see cref="AesCtrCipher"/> runs on; all of them give the same bytes.</summary>
public enum AesCtrBackend
{
    /// <summary>The BCL's (OpenSSL's) ECB over batches of counter blocks, then an XOR pass: any CPU, any key size.</summary>
    Bcl,

    /// <summary>Managed AES-NI, eight blocks in flight (<see cref="AesNi128"/>): x86-64 with AES-NI, 128-bit keys.</summary>
    AesNi,

    /// <summary>
    /// libgcrypt's CTR, which uses VAES/AVX2 (two blocks per instruction) where the CPU has it: .NET 10 exposes no VAES
    /// intrinsics, so this is the only way to them from managed code.
    /// </summary>
    Libgcrypt,
}
