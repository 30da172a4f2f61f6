using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace Meridian.Media.Crypto;

/// <summary>
/// The few libgcrypt calls AES-CTR needs. libgcrypt (the GnuPG project's crypto library, present on Debian as a dependency
/// of systemd and gnupg) has hand-written VAES/AVX2 CTR code since 1.9; on a CPU with VAES it runs CTR at about twice the
/// speed of one-block-per-instruction AES-NI, which is the most managed code can issue. It is used only where that pays:
/// an x86-64 CPU with VAES and AVX2, and libgcrypt 1.9 or later. Elsewhere <see cref="AesCtrCipher"/> stays managed.
/// </summary>
internal static class Libgcrypt
{
    private const string Library = "libgcrypt.so.20";
    private const string MinimumVersion = "1.9.0";
    private const int CipherAes128 = 7;
    private const int ModeCtr = 6;
    private const int VaesBit = 1 << 9;

    private static readonly Lazy<bool> Usable = new(Initialize);

    /// <summary>True when the CPU has VAES and AVX2 and a libgcrypt of at least 1.9 loads.</summary>
    public static bool IsUsable => Usable.Value;

    /// <summary>Opens an AES-128-CTR handle keyed with <paramref name="key"/>.</summary>
    public static GcryptCipherHandle OpenAes128Ctr(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("AES-128 keys are 16 bytes.", nameof(key));
        }

        Check(NativeMethods.gcry_cipher_open(out var handle, CipherAes128, ModeCtr, 0), "gcry_cipher_open");
        try
        {
            Check(NativeMethods.gcry_cipher_setkey(handle, in MemoryMarshal.GetReference(key), (nuint)key.Length), "gcry_cipher_setkey");
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return handle;
    }

    /// <summary>Sets the 16-byte counter block; libgcrypt then increments it as one big-endian 128-bit integer.</summary>
    public static void SetCounter(GcryptCipherHandle handle, ReadOnlySpan<byte> counter) =>
        Check(NativeMethods.gcry_cipher_setctr(handle, in MemoryMarshal.GetReference(counter), (nuint)counter.Length), "gcry_cipher_setctr");

    /// <summary>
    /// <paramref name="destination"/> = <paramref name="source"/> XOR the next keystream bytes. libgcrypt keeps the unused
    /// part of a partial block for the next call, as a continuous CENC keystream needs.
    /// </summary>
    public static void Encrypt(GcryptCipherHandle handle, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.IsEmpty)
        {
            return;
        }

        Check(
            NativeMethods.gcry_cipher_encrypt(
                handle, ref MemoryMarshal.GetReference(destination), (nuint)source.Length, in MemoryMarshal.GetReference(source), (nuint)source.Length),
            "gcry_cipher_encrypt");
    }

    internal static void CipherClose(IntPtr handle) => NativeMethods.gcry_cipher_close(handle);

    private static bool Initialize()
    {
        if (!X86Base.IsSupported || !Avx2.IsSupported || (X86Base.CpuId(7, 0).Ecx & VaesBit) == 0)
        {
            return false;
        }

        if (!NativeLibrary.TryLoad(Library, typeof(Libgcrypt).Assembly, null, out _))
        {
            return false;
        }

        try
        {
            // gcry_check_version also initialises the library; null means the installed one is older than asked for.
            return NativeMethods.gcry_check_version(MinimumVersion) != IntPtr.Zero;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static void Check(uint error, string call)
    {
        if (error != 0)
        {
            throw new CryptographicException($"libgcrypt {call} failed with error 0x{error:x8}.");
        }
    }

    private static class NativeMethods
    {
        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        internal static extern IntPtr gcry_check_version(string requiredVersion);

        [DllImport(Library)]
        internal static extern uint gcry_cipher_open(out GcryptCipherHandle handle, int algorithm, int mode, uint flags);

        [DllImport(Library)]
        internal static extern void gcry_cipher_close(IntPtr handle);

        [DllImport(Library)]
        internal static extern uint gcry_cipher_setkey(GcryptCipherHandle handle, in byte key, nuint keyLength);

        [DllImport(Library)]
        internal static extern uint gcry_cipher_setctr(GcryptCipherHandle handle, in byte counter, nuint counterLength);

        [DllImport(Library)]
        internal static extern uint gcry_cipher_encrypt(GcryptCipherHandle handle, ref byte output, nuint outputLength, in byte input, nuint inputLength);
    }
}
