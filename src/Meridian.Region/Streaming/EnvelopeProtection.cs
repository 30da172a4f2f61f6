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
/// SEA (see <see cref="DashIv"/>); Smooth carries the same SEA signalling inside its protection header (see
/// <see cref="WriteSmoothProtection"/>).
/// </summary>
public sealed class EnvelopeProtection(ResolvedLocator resolved, Guid locatorId, Uri keyDeliveryBase) : IManifestProtection
{
    /// <summary>The Smooth <c>ProtectionHeader</c> system id AMS used for AES-128 envelope encryption.</summary>
    public static readonly Guid SmoothEnvelopeSystemId = Guid.Parse("B47B251A-2409-4B42-958E-08DBAE7B4EE9");

    private const string SeaNamespace = "urn:mpeg:dash:schema:sea:2012";

    private readonly Dictionary<PresentationTrack, ContentKey?> _keys = [];
    private IReadOnlyList<PresentationTrack> _smoothTracks = [];

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

    /// <summary>
    /// Encrypts a whole resource into <paramref name="destination"/>, which holds at least
    /// <see cref="SegmentEncryption.EncryptedLength"/> of the clear length; returns the bytes written.
    /// </summary>
    public static int Encrypt(ContentKey key, byte[] iv, ReadOnlySpan<byte> clear, Span<byte> destination) =>
        SegmentEncryption.EncryptSegment(key.Key, iv, clear, destination);

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

        WriteSeaContentProtection(writer, key, DashIv(key), declarePrefix: false);
    }

    /// <summary>
    /// Smooth Streaming (AMS <c>manifest(encryption=cbc)</c>): one <c>ProtectionHeader</c> with SystemID
    /// <see cref="SmoothEnvelopeSystemId"/> whose content is, as AMS wrote it, an MPEG-DASH SEA <c>ContentProtection</c>
    /// element (ISO/IEC 23009-4): <c>sea:SegmentEncryption</c> <c>aes128-cbc</c>, <c>sea:KeySystem</c> <c>keysys:http</c>, and
    /// <c>sea:CryptoPeriod</c> with <c>IV="0x..."</c> (32 hex digits) and <c>keyUriTemplate</c>, the URL that returns the raw
    /// 16-byte key. Every fragment is then AES-128-CBC with PKCS#7 over its whole bytes with that key and IV
    /// (<see cref="SmoothIv"/>). A presentation has one key: <see cref="SmoothKey"/> refuses policies that give its tracks
    /// different keys or leave some clear.
    /// </summary>
    public void WriteSmoothProtection(XmlWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (SmoothKey() is not { } key)
        {
            return;
        }

        writer.WriteStartElement("Protection");
        writer.WriteStartElement("ProtectionHeader");
        writer.WriteAttributeString("SystemID", SmoothEnvelopeSystemId.ToString("D").ToUpperInvariant());
        WriteSeaContentProtection(writer, key, SmoothIv(key), declarePrefix: true);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>The presentation's tracks, for the Smooth protection header and fragments.</summary>
    public void UsePresentation(Presentation presentation)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        _smoothTracks = [.. presentation.Tracks.Where(t => t.Kind != TrackKind.Text)];
    }

    /// <summary>
    /// The one key of a Smooth presentation, or null when the policy leaves every track clear.
    /// </summary>
    /// <exception cref="OriginException">501: the tracks need different keys, or some are clear (Smooth names one key).</exception>
    public ContentKey? SmoothKey()
    {
        var keys = _smoothTracks.Select(KeyFor).ToList();
        if (keys.All(k => k is null))
        {
            return null;
        }

        if (keys.Any(k => k is null || k.KeyId != keys[0]!.KeyId))
        {
            throw new OriginException(501, "MPE_ENC_NOT_IMPLEMENTED",
                "Smooth envelope encryption names one key for the whole presentation, and the streaming policy gives its tracks " +
                "different keys or leaves some clear; use HLS or DASH with encryption=cbc.");
        }

        return keys[0];
    }

    /// <summary>The IV of every Smooth fragment encrypted with <paramref name="key"/> for this locator.</summary>
    public byte[] SmoothIv(ContentKey key) =>
        IvDerivation.SegmentIv(key, 0, 0, Encoding.UTF8.GetBytes($"{locatorId:D}/smooth-sea"));

    private void WriteSeaContentProtection(XmlWriter writer, ContentKey key, byte[] iv, bool declarePrefix)
    {
        writer.WriteStartElement("ContentProtection");
        if (declarePrefix)
        {
            writer.WriteAttributeString("xmlns", "sea", null, SeaNamespace);
        }

        writer.WriteAttributeString("schemeIdUri", "urn:mpeg:dash:sea:2012");
        writer.WriteStartElement("sea", "SegmentEncryption", SeaNamespace);
        writer.WriteAttributeString("schemeIdUri", "urn:mpeg:dash:sea:aes128-cbc:2013");
        writer.WriteEndElement();
        writer.WriteStartElement("sea", "KeySystem", SeaNamespace);
        writer.WriteAttributeString("keySystemUri", "urn:mpeg:dash:sea:keysys:http:2013");
        writer.WriteEndElement();
        writer.WriteStartElement("sea", "CryptoPeriod", SeaNamespace);
        writer.WriteAttributeString("IV", IvDerivation.ToHexAttribute(iv));
        writer.WriteAttributeString("keyUriTemplate", KeyUrl(key).AbsoluteUri);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private Uri KeyUrl(ContentKey key) =>
        KeyDeliveryUrls.Envelope(keyDeliveryBase, resolved.Policy.EnvelopeEncryption, key.KeyId, resolved.Locator.AlternativeMediaId);

    private string KeyTag(ContentKey key, byte[] iv) =>
        $"#EXT-X-KEY:METHOD=AES-128,URI=\"{KeyUrl(key).AbsoluteUri}\",IV={IvDerivation.ToHexAttribute(iv)}";

    // Identical in every region: the locator id (replicated with the locator) and the track, not the container name.
    private byte[] Context(PresentationTrack track, string purpose) =>
        Encoding.UTF8.GetBytes($"{locatorId:D}/{track.Name}/{track.Bitrate}/{purpose}");
}
