namespace Meridian.Media.Crypto;

/// <summary>
/// Converts key ids and DRM system ids between <see cref="Guid"/> and their two byte orders. ISO-BMFF (<c>tenc</c>
/// default_KID, <c>pssh</c> SystemID and KID) and DASH <c>cenc:default_KID</c> use the RFC 4122 big-endian order; the
/// PlayReady header's <c>KID</c> is the Microsoft GUID structure, whose first three fields are little-endian.
/// </summary>
public static class UuidBytes
{
    /// <summary>RFC 4122 byte order: the GUID string's hex digits in order.</summary>
    public static byte[] ToBigEndian(Guid value) => value.ToByteArray(bigEndian: true);

    public static void WriteBigEndian(Guid value, Span<byte> destination)
    {
        if (!value.TryWriteBytes(destination, bigEndian: true, out _))
        {
            throw new ArgumentException("The destination holds fewer than 16 bytes.", nameof(destination));
        }
    }

    public static Guid FromBigEndian(ReadOnlySpan<byte> bytes) => new(bytes, bigEndian: true);

    /// <summary>Microsoft GUID byte order (Data1, Data2, Data3 little-endian), as PlayReady headers carry key ids.</summary>
    public static byte[] ToLittleEndian(Guid value) => value.ToByteArray();

    public static Guid FromLittleEndian(ReadOnlySpan<byte> bytes) => new(bytes);

    /// <summary>The PlayReady header <c>KID</c> value: base64 of the little-endian GUID bytes.</summary>
    public static string ToPlayReadyKid(Guid value) => Convert.ToBase64String(value.ToByteArray());
}
