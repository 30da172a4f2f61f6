using System.Globalization;
using System.Text;
using System.Xml;
using Meridian.Media.Crypto;
using Meridian.Media.Packaging;
using Meridian.Region.ControlPlane.StreamingPolicies;
using Meridian.Region.KeyDelivery;
using MediaScheme = Meridian.Media.Crypto.EncryptionScheme;

namespace Meridian.Region.Streaming;

/// <summary>
/// AMS <c>encryption=cenc</c> and <c>encryption=cbcs</c>/<c>cbcs-aapl</c>: CMAF segments encrypted per sample (ISO/IEC
/// 23001-7), init segments with <c>tenc</c> and <c>pssh</c> boxes, and the DASH <c>ContentProtection</c> elements
/// (mp4protection with <c>cenc:default_KID</c>, ClearKey with its license URL, and PlayReady/Widevine when the policy
/// names them). The ClearKey element carries no <c>cenc:pssh</c>: dash.js would pass it to EME as <c>keyids</c> init
/// data; without it players build that from <c>default_KID</c>, and the init segment still has the common-system
/// <c>pssh</c>. IVs derive from the key, the locator id and the track, so every region writes the same bytes.
/// </summary>
public sealed class CommonEncryptionProtection : IManifestProtection
{
    private const string CencNamespace = "urn:mpeg:cenc:2013";
    private const string DashIfNamespace = "https://dashif.org/CPS";
    private const string PlayReadyNamespace = "urn:microsoft:playready";

    private readonly ResolvedLocator _resolved;
    private readonly Guid _locatorId;
    private readonly Uri _keyDeliveryBase;
    private readonly MediaScheme _scheme;
    private readonly Dictionary<PresentationTrack, CencProtection?> _tracks = [];
    private IReadOnlyList<PresentationTrack> _smoothTracks = [];

    public CommonEncryptionProtection(ResolvedLocator resolved, Guid locatorId, Uri keyDeliveryBase)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        _resolved = resolved;
        _locatorId = locatorId;
        _keyDeliveryBase = keyDeliveryBase;
        _scheme = resolved.Scheme == ControlPlane.StreamingPolicies.EncryptionScheme.CommonEncryptionCbcs ? MediaScheme.Cbcs : MediaScheme.Cenc;
    }

    private StreamingPolicyPlayReadyConfiguration? PlayReadyConfig => _scheme == MediaScheme.Cbcs
        ? _resolved.Policy.CommonEncryptionCbcs?.Drm?.PlayReady
        : _resolved.Policy.CommonEncryptionCenc?.Drm?.PlayReady;

    private StreamingPolicyWidevineConfiguration? WidevineConfig => _scheme == MediaScheme.Cbcs
        ? _resolved.Policy.CommonEncryptionCbcs?.Drm?.Widevine
        : _resolved.Policy.CommonEncryptionCenc?.Drm?.Widevine;

    private bool PlayReady => PlayReadyConfig is not null;

    private bool Widevine => WidevineConfig is not null;

    /// <summary>The policy's PlayReady license URL for a key (the header's <c>LA_URL</c>), or null without a template.</summary>
    private string? PlayReadyLicenseUrl(Guid keyId) =>
        KeyDeliveryUrls.License(PlayReadyConfig?.CustomLicenseAcquisitionUrlTemplate, keyId, _resolved.Locator.AlternativeMediaId);

    private string? WidevineLicenseUrl(Guid keyId) =>
        KeyDeliveryUrls.License(WidevineConfig?.CustomLicenseAcquisitionUrlTemplate, keyId, _resolved.Locator.AlternativeMediaId);

    private byte[] PlayReadyObject(Guid keyId) => ProtectionSystems.PlayReadyObject(keyId, PlayReadyLicenseUrl(keyId), _scheme);

    /// <summary>The ClearKey (W3C EME) license URL: the policy's template, else the region's key delivery.</summary>
    public Uri ClearKeyLicenseUrl => KeyDeliveryUrls.ClearKeyLicense(_keyDeliveryBase,
        _scheme == MediaScheme.Cbcs ? _resolved.Policy.CommonEncryptionCbcs?.ClearKeyEncryptionConfiguration
            : _resolved.Policy.CommonEncryptionCenc?.ClearKeyEncryptionConfiguration,
        _resolved.Locator.AlternativeMediaId);

    /// <summary>How a track is encrypted, or null when the policy's <c>clearTracks</c> leave it clear.</summary>
    public CencProtection? For(PresentationTrack track)
    {
        if (!_tracks.TryGetValue(track, out var protection))
        {
            protection = OriginContentKeys.ForTrack(_resolved, track) is { } key
                ? new CencProtection(_scheme, key, Systems(key.KeyId),
                    ivContext: IvContext(_locatorId, track))
                : null;
            _tracks[track] = protection;
        }

        return protection;
    }

    /// <summary>
    /// What keeps one key's IVs apart between tracks: the locator, the track, its source file and that file's sample table.
    /// Two manifests of one asset naming their tracks alike, or a re-encode written over a file, are different content and
    /// must never share a keystream (ISO/IEC 23001-7 §9.5.1: a CTR IV is used once per key).
    /// </summary>
    internal static byte[] IvContext(Guid locatorId, PresentationTrack track) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{locatorId:D}/{track.Name}/{track.Bitrate}/{track.SourceFile}/{track.Track.TrackId}/{track.Track.Samples.Fingerprint:x16}"));

    public IEnumerable<string> HlsMasterTags() => [];

    /// <summary>
    /// HLS CMAF key tags (after <c>EXT-X-MAP</c>; the init segment is never encrypted): ClearKey
    /// (<c>KEYFORMAT="org.w3.clearkey"</c>, the key id as a data URI, as hls.js reads it), FairPlay for <c>cbcs</c> when the
    /// policy names it (<c>skd://</c>, or its custom license template), Widevine and PlayReady when the policy names them.
    /// </summary>
    public IEnumerable<string> HlsMediaTags(PresentationTrack track)
    {
        if (For(track) is not { } protection)
        {
            yield break;
        }

        var method = _scheme == MediaScheme.Cbcs ? "SAMPLE-AES" : "SAMPLE-AES-CTR";
        var kid = protection.Key.KeyId;
        yield return KeyTag(method, DataUri(protection.Key.KeyIdBytes()), "org.w3.clearkey");
        if (_scheme == MediaScheme.Cbcs && FairPlayKeyUri.For(_resolved, kid, _keyDeliveryBase) is { } uri)
        {
            yield return KeyTag(method, uri, "com.apple.streamingkeydelivery");
        }

        if (Widevine && protection.SystemHeaders.FirstOrDefault(h => h.SystemId == ProtectionSystems.WidevineSystemId) is { } widevine)
        {
            yield return KeyTag(method, DataUri(widevine.ToBoxBytes()), "urn:uuid:" + ProtectionSystems.WidevineSystemId.ToString("D"));
        }

        if (PlayReady)
        {
            yield return KeyTag(method, DataUri(PlayReadyObject(kid)), "com.microsoft.playready");
        }
    }

    private static string DataUri(byte[] data) => "data:text/plain;base64," + Convert.ToBase64String(data);

    private static string KeyTag(string method, string uri, string keyFormat) =>
        $"#EXT-X-KEY:METHOD={method},URI=\"{uri}\",KEYFORMAT=\"{keyFormat}\",KEYFORMATVERSIONS=\"1\"";

    public void WriteDashContentProtection(XmlWriter writer, TrackGroup group)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(group);
        if (group.Tracks.Select(For).FirstOrDefault(p => p is not null) is not { } protection)
        {
            return;
        }

        var kid = protection.Key.KeyId;
        writer.WriteStartElement("ContentProtection");
        writer.WriteAttributeString("schemeIdUri", "urn:mpeg:dash:mp4protection:2011");
        writer.WriteAttributeString("value", _scheme == MediaScheme.Cbcs ? "cbcs" : "cenc");
        writer.WriteAttributeString("cenc", "default_KID", CencNamespace, kid.ToString("D"));
        writer.WriteEndElement();

        writer.WriteStartElement("ContentProtection");
        writer.WriteAttributeString("schemeIdUri", "urn:uuid:" + ProtectionSystems.ClearKeySystemId.ToString("D"));
        writer.WriteAttributeString("value", "ClearKey1.0");
        writer.WriteStartElement("dashif", "Laurl", DashIfNamespace);
        writer.WriteAttributeString("Lic_type", "EME-1.0");
        writer.WriteString(ClearKeyLicenseUrl.AbsoluteUri);
        writer.WriteEndElement();
        writer.WriteEndElement();

        if (PlayReady)
        {
            writer.WriteStartElement("ContentProtection");
            writer.WriteAttributeString("schemeIdUri", "urn:uuid:" + ProtectionSystems.PlayReadySystemId.ToString("D"));
            writer.WriteAttributeString("value", "MSPR 2.0");
            writer.WriteStartElement("mspr", "pro", PlayReadyNamespace);
            writer.WriteString(Convert.ToBase64String(PlayReadyObject(kid)));
            writer.WriteEndElement();
            Pssh(writer, protection, ProtectionSystems.PlayReadySystemId);
            LicenseUrl(writer, PlayReadyLicenseUrl(kid));
            writer.WriteEndElement();
        }

        if (Widevine)
        {
            writer.WriteStartElement("ContentProtection");
            writer.WriteAttributeString("schemeIdUri", "urn:uuid:" + ProtectionSystems.WidevineSystemId.ToString("D"));
            Pssh(writer, protection, ProtectionSystems.WidevineSystemId);
            LicenseUrl(writer, WidevineLicenseUrl(kid));
            writer.WriteEndElement();
        }
    }

    /// <summary>
    /// Smooth Streaming (PIFF, <c>cenc</c> only): one PlayReady <c>ProtectionHeader</c> for the presentation, built from the
    /// key of its encrypted tracks (see <see cref="RequireOneSmoothKey"/>).
    /// </summary>
    public void WriteSmoothProtection(XmlWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (RequireOneSmoothKey() is not { } keyId)
        {
            return;
        }

        writer.WriteStartElement("Protection");
        writer.WriteStartElement("ProtectionHeader");
        writer.WriteAttributeString("SystemID", ProtectionSystems.PlayReadySystemId.ToString("D").ToUpperInvariant());
        writer.WriteString(Convert.ToBase64String(PlayReadyObject(keyId)));
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>
    /// The key id of the presentation's encrypted tracks, or null when all are clear. A Smooth client manifest has one
    /// <c>ProtectionHeader</c> and PIFF fragments name no key of their own, so a player could never learn a second key.
    /// </summary>
    /// <exception cref="OriginException">501 when the policy gives the tracks different keys.</exception>
    public Guid? RequireOneSmoothKey()
    {
        var keyIds = _smoothTracks.Select(For).OfType<CencProtection>().Select(p => p.Key.KeyId).Distinct().ToList();
        return keyIds.Count switch
        {
            0 => null,
            1 => keyIds[0],
            _ => throw new OriginException(501, "MPE_ENC_NOT_IMPLEMENTED",
                "A Smooth manifest names one key for the whole presentation, and the streaming policy gives its tracks different " +
                "keys; use DASH or HLS with encryption=cenc."),
        };
    }

    /// <summary>The presentation's tracks, for <see cref="WriteSmoothProtection"/> (video first).</summary>
    public void UsePresentation(Presentation presentation)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        _smoothTracks = [.. presentation.Tracks.OrderBy(t => t.Kind == TrackKind.Video ? 0 : 1)];
    }

    /// <summary>A DRM system's license server, as DASH-IF's <c>dashif:Laurl</c> (read by Shaka Player and dash.js).</summary>
    private static void LicenseUrl(XmlWriter writer, string? url)
    {
        if (url is not null)
        {
            writer.WriteStartElement("dashif", "Laurl", DashIfNamespace);
            writer.WriteString(url);
            writer.WriteEndElement();
        }
    }

    private static void Pssh(XmlWriter writer, CencProtection protection, Guid systemId)
    {
        if (protection.SystemHeaders.FirstOrDefault(h => h.SystemId == systemId) is { } header)
        {
            writer.WriteStartElement("cenc", "pssh", CencNamespace);
            writer.WriteString(Convert.ToBase64String(header.ToBoxBytes()));
            writer.WriteEndElement();
        }
    }

    private List<ProtectionSystemHeader> Systems(Guid keyId)
    {
        var systems = new List<ProtectionSystemHeader> { ProtectionSystems.Common(keyId) };
        if (Widevine)
        {
            systems.Add(ProtectionSystems.Widevine(keyId, _scheme));
        }

        if (PlayReady)
        {
            systems.Add(ProtectionSystems.PlayReady(keyId, PlayReadyLicenseUrl(keyId), _scheme));
        }

        return systems;
    }
}
