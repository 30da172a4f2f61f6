using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Meridian.Media.Crypto;

/// <summary>
/// Deterministic IVs. Every origin node must write identical bytes for the same request, so IVs are never random: they
/// are HMAC-SHA256 outputs keyed by the content key over a purpose label, the position (track, sample or segment) and an
/// optional caller context (e.g. the asset identity, so two assets sharing a key do not share IVs). HMAC keyed by the
/// content key keeps IVs unpredictable without the key and distinct per position, which is what CTR needs (a repeated
/// 8-byte IV under one key would repeat keystream).
/// </summary>
public static class IvDerivation
{
    /// <summary>Length of a CENC <c>cenc</c> per-sample IV (Per_Sample_IV_Size 8, ISO/IEC 23001-7 §9.1).</summary>
    public const int SampleIvLength = 8;

    /// <summary>Length of an AES block IV (cbcs constant IV, HLS AES-128 IV).</summary>
    public const int BlockIvLength = 16;

    private const int MaxStackContext = 256;

    private static readonly byte[] SampleLabel = Encoding.ASCII.GetBytes("meridian/cenc-track-iv\0");
    private static readonly byte[] ConstantLabel = Encoding.ASCII.GetBytes("meridian/cbcs-constant-iv\0");
    private static readonly byte[] SegmentLabel = Encoding.ASCII.GetBytes("meridian/aes128-segment-iv\0");

    /// <summary>
    /// The 8-byte <c>cenc</c> IV of one sample: the track's base IV, HMAC(key, label | track id | context)[0..8], plus the
    /// sample's index in the track, as a 64-bit big-endian sum. Consecutive IVs never repeat within a track and each sample's
    /// counter blocks (IV | block number, ISO/IEC 23001-7 §9.5.1) stay its own; one HMAC per track instead of one per sample.
    /// </summary>
    public static void SampleIv(ContentKey key, uint trackId, int sampleIndex, ReadOnlySpan<byte> context, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleIndex);
        BinaryPrimitives.WriteUInt64BigEndian(destination[..SampleIvLength], unchecked(TrackBaseIv(key, trackId, context) + (ulong)sampleIndex));
    }

    /// <summary>The base of a track's per-sample <c>cenc</c> IVs (<see cref="SampleIv"/>), as a big-endian 64-bit number.</summary>
    internal static ulong TrackBaseIv(ContentKey key, uint trackId, ReadOnlySpan<byte> context)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> position = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(position, trackId);
        Span<byte> iv = stackalloc byte[SampleIvLength];
        Derive(key, SampleLabel, position, context, iv);
        return BinaryPrimitives.ReadUInt64BigEndian(iv);
    }

    /// <summary>
    /// A <c>cbcs</c> constant IV (ISO/IEC 23001-7 §9.1 default_constant_IV) for a key: HMAC(key, label | KID | context)[0..16].
    /// All tracks encrypted with one key share it, as constant-IV <c>cbcs</c> intends.
    /// </summary>
    public static byte[] ConstantIv(ContentKey key, ReadOnlySpan<byte> context = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var iv = new byte[BlockIvLength];
        Derive(key, ConstantLabel, key.KeyIdBytes(), context, iv);
        return iv;
    }

    /// <summary>
    /// An HLS/DASH-SEA AES-128 segment IV derived from key, track and segment index: HMAC(key, label | track id | segment
    /// index | context)[0..16]. The playlist must then state it (<c>IV=0x...</c>); <see cref="SequenceNumberIv"/> needs no
    /// attribute.
    /// </summary>
    public static byte[] SegmentIv(ContentKey key, uint trackId, long segmentIndex, ReadOnlySpan<byte> context = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> position = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(position, trackId);
        BinaryPrimitives.WriteInt64BigEndian(position[4..], segmentIndex);
        var iv = new byte[BlockIvLength];
        Derive(key, SegmentLabel, position, context, iv);
        return iv;
    }

    /// <summary>
    /// The IV HLS implies when <c>EXT-X-KEY</c> has no IV attribute (RFC 8216 §5.2): the media sequence number as a
    /// 128-bit big-endian integer.
    /// </summary>
    public static byte[] SequenceNumberIv(long mediaSequenceNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mediaSequenceNumber);
        var iv = new byte[BlockIvLength];
        BinaryPrimitives.WriteInt64BigEndian(iv.AsSpan(8), mediaSequenceNumber);
        return iv;
    }

    /// <summary>Formats an IV as HLS and DASH-SEA write it: <c>0x</c> and upper-case hex.</summary>
    public static string ToHexAttribute(ReadOnlySpan<byte> iv) => "0x" + Convert.ToHexString(iv);

    private static void Derive(ContentKey key, byte[] label, ReadOnlySpan<byte> position, ReadOnlySpan<byte> context, Span<byte> destination)
    {
        var length = label.Length + position.Length + context.Length;
        var input = length <= MaxStackContext ? stackalloc byte[length] : new byte[length];
        label.CopyTo(input);
        position.CopyTo(input[label.Length..]);
        context.CopyTo(input[(label.Length + position.Length)..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key.Key, input, mac);
        mac[..destination.Length].CopyTo(destination);
    }
}
