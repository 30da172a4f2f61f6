using Meridian.Media.Isobmff;

namespace Meridian.Media.Crypto;

/// <summary>Box and scheme types of ISO/IEC 23001-7 and ISO/IEC 14496-12 §8.12 (protected sample entries).</summary>
public static class CencBoxTypes
{
    public static readonly FourCC Encv = FourCC.Parse("encv");
    public static readonly FourCC Enca = FourCC.Parse("enca");
    public static readonly FourCC Sinf = FourCC.Parse("sinf");
    public static readonly FourCC Frma = FourCC.Parse("frma");
    public static readonly FourCC Schm = FourCC.Parse("schm");
    public static readonly FourCC Schi = FourCC.Parse("schi");
    public static readonly FourCC Tenc = FourCC.Parse("tenc");
    public static readonly FourCC Pssh = FourCC.Parse("pssh");
    public static readonly FourCC Senc = FourCC.Parse("senc");
    public static readonly FourCC Saiz = FourCC.Parse("saiz");
    public static readonly FourCC Saio = FourCC.Parse("saio");
    public static readonly FourCC Cenc = FourCC.Parse("cenc");
    public static readonly FourCC Cbcs = FourCC.Parse("cbcs");

    public static FourCC SchemeType(EncryptionScheme scheme) => scheme == EncryptionScheme.Cbcs ? Cbcs : Cenc;
}
