using System.Buffers.Binary;
using System.Security;
using System.Text;

namespace Meridian.Media.Crypto;

/// <summary>
/// System ids and <c>pssh</c> builders for the DRM systems Meridian signals: the W3C common system (ClearKey, key ids only),
/// Widevine and PlayReady.
/// </summary>
public static class ProtectionSystems
{
    /// <summary>W3C "Common PSSH box format" system (EME initialization data, ClearKey).</summary>
    public static readonly Guid CommonSystemId = new("1077efec-c0b2-4d02-ace3-3c1e52e2fb4b");

    public static readonly Guid WidevineSystemId = new("edef8ba9-79d6-4ace-a3c8-27dcd51d21ed");

    public static readonly Guid PlayReadySystemId = new("9a04f079-9840-4286-ab92-e65be0885f95");

    /// <summary>ClearKey system id DASH-IF IOP uses as the ContentProtection schemeIdUri.</summary>
    public static readonly Guid ClearKeySystemId = new("e2719d58-a985-b3c9-781a-b030af78d30e");

    private const string PlayReadyNamespace = "http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader";

    /// <summary>A version 1 common-system <c>pssh</c> listing the key ids, with no data (W3C EME "cenc" init data).</summary>
    public static ProtectionSystemHeader Common(params IReadOnlyList<Guid> keyIds)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        return new ProtectionSystemHeader(CommonSystemId, [.. keyIds], ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>
    /// A version 0 Widevine <c>pssh</c> whose data is a <c>WidevinePsshData</c> protobuf with <c>key_ids</c> (field 2) and
    /// <c>protection_scheme</c> (field 9, the scheme four-character code as a big-endian uint32).
    /// </summary>
    public static ProtectionSystemHeader Widevine(Guid keyId, EncryptionScheme scheme)
    {
        var data = new byte[2 + 16 + 1 + 5];
        data[0] = (2 << 3) | 2;
        data[1] = 16;
        UuidBytes.WriteBigEndian(keyId, data.AsSpan(2));
        data[18] = 9 << 3;
        var length = 19 + WriteVarint(CencBoxTypes.SchemeType(scheme).Value, data.AsSpan(19));
        return new ProtectionSystemHeader(WidevineSystemId, null, data.AsMemory(0, length));
    }

    /// <summary>A version 0 PlayReady <c>pssh</c> whose data is <see cref="PlayReadyObject"/>.</summary>
    public static ProtectionSystemHeader PlayReady(Guid keyId, string? licenseAcquisitionUrl, EncryptionScheme scheme) =>
        new(PlayReadySystemId, null, PlayReadyObject(keyId, licenseAcquisitionUrl, scheme));

    /// <summary>
    /// A PlayReady Object (PlayReady Header Object specification): little-endian length and record count, then one
    /// rights-management record (type 1) holding the UTF-16LE <c>WRMHEADER</c>. <c>cenc</c> gets header version 4.0.0.0
    /// (<c>KID</c> element, AESCTR); <c>cbcs</c> needs 4.3.0.0 (<c>KIDS/KID ALGID="AESCBC"</c>). The KID is the
    /// little-endian GUID in base64. The same bytes, base64, are Smooth's <c>ProtectionHeader</c> and DASH <c>mspr:pro</c>.
    /// </summary>
    public static byte[] PlayReadyObject(Guid keyId, string? licenseAcquisitionUrl, EncryptionScheme scheme)
    {
        var kid = UuidBytes.ToPlayReadyKid(keyId);
        var laUrl = string.IsNullOrEmpty(licenseAcquisitionUrl) ? string.Empty : $"<LA_URL>{SecurityElement.Escape(licenseAcquisitionUrl)}</LA_URL>";
        var xml = scheme == EncryptionScheme.Cbcs
            ? $"<WRMHEADER xmlns=\"{PlayReadyNamespace}\" version=\"4.3.0.0\"><DATA><PROTECTINFO><KIDS><KID ALGID=\"AESCBC\" VALUE=\"{kid}\"></KID></KIDS></PROTECTINFO>{laUrl}</DATA></WRMHEADER>"
            : $"<WRMHEADER xmlns=\"{PlayReadyNamespace}\" version=\"4.0.0.0\"><DATA><PROTECTINFO><KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO><KID>{kid}</KID>{laUrl}</DATA></WRMHEADER>";
        var header = Encoding.Unicode.GetBytes(xml);
        var result = new byte[10 + header.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(result, (uint)result.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(6), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), checked((ushort)header.Length));
        header.CopyTo(result, 10);
        return result;
    }

    private static int WriteVarint(uint value, Span<byte> destination)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }
}
