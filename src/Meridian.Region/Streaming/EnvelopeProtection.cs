using System.Text;
using System.Xml;
using Meridian.Media.Crypto;
using Meridian.Media.Packaging;
using Meridian.Region.KeyDelivery;

namespace Meridian.Region.Streaming;

/// <summary>
/// AMS <c>encryption=cbc</c> (AES-128 envelope) for HLS: every media segment and key-frame resource is encrypted whole
/// (AES-128-CBC, PKCS#7) and its playlist entry is preceded by <c>#EXT-X-KEY:METHOD=AES-128,URI=...,IV=0x...</c> with that
/// resource's own IV. IVs are derived from the key, the locator id, the track and the segment index (never from the
/// container or host), so every region writes the same bytes. The CMAF init segment stays clear: <c>EXT-X-MAP</c> comes
/// before the first key tag, which RFC 8216 §4.3.2.4 reads as an unencrypted initialization section. DASH uses MPEG-DASH
/// SEA (see <see cref="DashIv"/>).
/// </summary>
public sealed class EnvelopeProtection(ResolvedLocator resolved, Guid locatorId, Uri keyDeliveryBase) : IManifestProtection
{
    private readonly Dictionary<PresentationTrack, ContentKey?> _keys = [];

    /// <summary>The key of a track, or null when the policy's <c>clearTracks</c> leave it clear.</summary>
    public ContentKey? KeyFor(PresentationTrack track)
    {
        if (!_keys.TryGetValue(track, out var key))
        {
            key = OriginContentKeys.ForTrack(resolved, track);
            _keys[track] = key;
        }

        return key;
    }

    /// <summary>The IV of a media segment.</summary>
    public byte[] SegmentIv(ContentKey key, PresentationTrack track, long segmentIndex) =>
        IvDerivation.SegmentIv(key, track.TrackId, segmentIndex, Context(track, "segment"));

    /// <summary>The IV of a key-frame resource (I-frame playlists), by the frame's sample index.</summary>
    public byte[] KeyFrameIv(ContentKey key, PresentationTrack track, int sample) =>
        IvDerivation.SegmentIv(key, track.TrackId, sample, Context(track, "keyframe"));

    /// <summary>Encrypts a whole resource.</summary>
    public static byte[] Encrypt(ContentKey key, byte[] iv, ReadOnlySpan<byte> clear) => SegmentEncryption.EncryptSegment(key.Key, iv, clear);

    public IEnumerable<string> HlsMasterTags() => [];

    public IEnumerable<string> HlsMediaTags(PresentationTrack track) => [];

    public IEnumerable<string> HlsSegmentTags(PresentationTrack track, MediaSegment segment) =>
        KeyFor(track) is { } key ? [KeyTag(key, SegmentIv(key, track, segment.Index))] : [];

    public IEnumerable<string> HlsKeyFrameTags(PresentationTrack track, KeyFrame frame) =>
        KeyFor(track) is { } key ? [KeyTag(key, KeyFrameIv(key, track, frame.Sample))] : [];

    /// <summary>
    /// The IV of every DASH resource (init and media segments) encrypted with <paramref name="key"/> for this locator.
    /// MPEG-DASH SEA (ISO/IEC 23009-4) states the IV once per <c>CryptoPeriod</c>, and Shaka applies it to the init segment
    /// and every media segment, so DASH output uses one derived IV per key rather than one per segment.
    /// </summary>
    public byte[] DashIv(ContentKey key) =>
        IvDerivation.SegmentIv(key, 0, 0, Encoding.UTF8.GetBytes($"{locatorId:D}/dash-sea"));

    /// <summary>MPEG-DASH SEA signalling: AES-128-CBC whole-segment encryption, the HTTP key system, the IV and key URL.</summary>
    public void WriteDashContentProtection(XmlWriter writer, TrackGroup group)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(group);
        if (group.Tracks.Select(KeyFor).FirstOrDefault(k => k is not null) is not { } key)
        {
            return;
        }

        const string sea = "urn:mpeg:dash:schema:sea:2012";
        writer.WriteStartElement("ContentProtection");
        writer.WriteAttributeString("schemeIdUri", "urn:mpeg:dash:sea:2012");
        writer.WriteStartElement("sea", "SegmentEncryption", sea);
        writer.WriteAttributeString("schemeIdUri", "urn:mpeg:dash:sea:aes128-cbc:2013");
        writer.WriteEndElement();
        writer.WriteStartElement("sea", "KeySystem", sea);
        writer.WriteAttributeString("keySystemUri", "urn:mpeg:dash:sea:keysys:http:2013");
        writer.WriteEndElement();
        writer.WriteStartElement("sea", "CryptoPeriod", sea);
        writer.WriteAttributeString("IV", IvDerivation.ToHexAttribute(DashIv(key)));
        writer.WriteAttributeString("keyUriTemplate", KeyUrl(key).AbsoluteUri);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    public void WriteSmoothProtection(XmlWriter writer)
    {
    }

    private Uri KeyUrl(ContentKey key) =>
        KeyDeliveryUrls.Envelope(keyDeliveryBase, resolved.Policy.EnvelopeEncryption, key.KeyId, resolved.Locator.AlternativeMediaId);

    private string KeyTag(ContentKey key, byte[] iv) =>
        $"#EXT-X-KEY:METHOD=AES-128,URI=\"{KeyUrl(key).AbsoluteUri}\",IV={IvDerivation.ToHexAttribute(iv)}";

    // Identical in every region: the locator id (replicated with the locator) and the track, not the container name.
    private byte[] Context(PresentationTrack track, string purpose) =>
        Encoding.UTF8.GetBytes($"{locatorId:D}/{track.Name}/{track.Bitrate}/{purpose}");
}
