using System.Runtime.InteropServices;

namespace Meridian.Media.Crypto;

/// <summary>A libgcrypt <c>gcry_cipher_hd_t</c>, closed (which also wipes the key schedule) when released.</summary>
internal sealed class GcryptCipherHandle : SafeHandle
{
    public GcryptCipherHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Libgcrypt.CipherClose(handle);
        return true;
    }
}
