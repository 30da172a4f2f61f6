using System.Text;
using System.Xml;
using Meridian.Media.Crypto;
using Meridian.Media.Isobmff;
using Meridian.Media.Packaging;
using Meridian.Media.Packaging.Hls;
using Meridian.Region.KeyDelivery;

namespace Meridian.Region.Streaming;

/// <summary>
/// AMS <c>encryption=cbcs-aapl</c> on MPEG-TS (<c>format=m3u8-aapl</c> and <c>m3u8-aapl-v3</c>): HLS <c>SAMPLE-AES</c> as
/// Apple's "MPEG-2 Stream Encryption Format for HTTP Live Streaming" defines it (H.264 slices and AAC frames; see
/// <see cref="SampleAesCipher"/>), with keys from the locator as for every other scheme (<c>clearTracks</c> and
/// <c>keyToTrackMappings</c> through <see cref="OriginContentKeys"/>).
/// </summary>
/// <remarks>
/// <para>Every media and I-frame playlist of an encrypted track carries, after its header (version 5, for
/// <c>KEYFORMAT</c>): a FairPlay key tag when the policy's <c>cbcs</c> configuration names FairPlay (<c>skd://</c> or its
/// license template, as the CMAF path writes it), then a <c>KEYFORMAT="identity"</c> tag whose URI serves the raw key: the
/// region's key delivery <c>?kid=</c> URL, or the policy's envelope <c>customKeyAcquisitionUrlTemplate</c> when it has one
/// (the one raw-key template AMS policies have). The identity tag comes last because ffmpeg keys a segment with the last
/// <c>EXT-X-KEY</c> before it whatever its <c>KEYFORMAT</c>; hls.js prefers <c>identity</c> when present. The CMAF path
/// signals ClearKey EME instead: players decrypt CMAF <c>cbcs</c> through EME, while SAMPLE-AES TS is decrypted by the
/// player itself, which needs the raw key.</para>
/// <para>Both tags state the IV: one per key and locator (<see cref="IvDerivation.ConstantIv"/>), never the media
/// sequence number, so the video and the audio muxed into it (v3) share it and every region writes the same bytes.</para>
/// <para>Refused: HEVC (Apple's format has no HEVC on TS; 415 <c>MPE_MEDIA_FORMAT_NOT_SUPPORTED</c>), non-AAC audio (AC-3
/// and E-AC-3 are in Apple's format but not implemented; 501), and v3 output whose muxed audio would need another key
/// than its video (one key tag covers a muxed segment; 501).</para>
/// </remarks>
public sealed class SampleAesProtection : IManifestProtection
{
    private readonly ResolvedLocator _resolved;
    private readonly Uri _keyDeliveryBase;
    private readonly byte[] _ivContext;
    private readonly Dictionary<PresentationTrack, SampleAesKey?> _keys = [];

    public SampleAesProtection(ResolvedLocator resolved, Guid locatorId, Uri keyDeliveryBase, Presentation presentation, bool muxed)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(presentation);
        _resolved = resolved;
        _keyDeliveryBase = keyDeliveryBase;
        _ivContext = Encoding.UTF8.GetBytes($"{locatorId:D}/sample-aes-ts");
        Validate(presentation, muxed);
    }

    /// <summary>The key and IV of a track, or null when the policy leaves it clear.</summary>
    public SampleAesKey? KeyFor(PresentationTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (!_keys.TryGetValue(track, out var key))
        {
            key = OriginContentKeys.ForTrack(_resolved, track) is { } content
                ? new SampleAesKey(content, IvDerivation.ConstantIv(content, _ivContext))
                : null;
            _keys[track] = key;
        }

        return key;
    }

    public int MinimumHlsVersion => 5;

    public IEnumerable<string> HlsMasterTags() => [];

    public IEnumerable<string> HlsMediaTags(PresentationTrack track)
    {
        if (KeyFor(track) is not { } key)
        {
            yield break;
        }

        var kid = key.Key.KeyId;
        var iv = IvDerivation.ToHexAttribute(key.Iv.Span);
        if (FairPlayKeyUri.For(_resolved, kid, _keyDeliveryBase) is { } fairPlay)
        {
            yield return KeyTag(fairPlay, iv, "com.apple.streamingkeydelivery");
        }

        var raw = KeyDeliveryUrls.Envelope(_keyDeliveryBase, _resolved.Policy.EnvelopeEncryption, kid, _resolved.Locator.AlternativeMediaId);
        yield return KeyTag(raw.AbsoluteUri, iv, "identity");
    }

    public void WriteDashContentProtection(XmlWriter writer, TrackGroup group)
    {
    }

    public void WriteSmoothProtection(XmlWriter writer)
    {
    }

    private static string KeyTag(string uri, string iv, string keyFormat) =>
        $"#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"{uri}\",IV={iv},KEYFORMAT=\"{keyFormat}\",KEYFORMATVERSIONS=\"1\"";

    private void Validate(Presentation presentation, bool muxed)
    {
        foreach (var track in presentation.Tracks)
        {
            if (track.Kind == TrackKind.Video && KeyFor(track) is not null &&
                track.Track.Codec.Format != BoxTypes.Avc1 && track.Track.Codec.Format != BoxTypes.Avc3)
            {
                throw new OriginException(415, "MPE_MEDIA_FORMAT_NOT_SUPPORTED",
                    $"SAMPLE-AES on MPEG-TS is defined for H.264 video only, and track '{track.Name}' is {track.Track.Codec.Format}; " +
                    "use format=m3u8-cmaf,encryption=cbcs-aapl.");
            }

            if (track.Kind == TrackKind.Audio && KeyFor(track) is not null && track.Track.Codec.Format != BoxTypes.Mp4a)
            {
                throw new OriginException(501, "MPE_ENC_NOT_IMPLEMENTED",
                    $"SAMPLE-AES on MPEG-TS is implemented for AAC audio only, and track '{track.Name}' is {track.Track.Codec.Format}; " +
                    "use format=m3u8-cmaf,encryption=cbcs-aapl.");
            }
        }

        if (muxed && HlsPlaylistWriter.DefaultAudio(presentation) is { } audio)
        {
            var audioKey = KeyFor(audio)?.Key.KeyId;
            if (presentation.Video.Any(v => KeyFor(v)?.Key.KeyId != audioKey))
            {
                throw new OriginException(501, "MPE_ENC_NOT_IMPLEMENTED",
                    "format=m3u8-aapl-v3 muxes the audio into the video segments under one key tag, and the streaming policy encrypts " +
                    "them differently (another key, or one of them clear); use format=m3u8-aapl.");
            }
        }
    }
}
