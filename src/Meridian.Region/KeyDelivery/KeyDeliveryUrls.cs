using Meridian.Region.ControlPlane.StreamingPolicies;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// The URLs manifests carry for keys. The origin builds them from the region's key delivery base URL
/// (<c>RegionContext.Addresses.KeyDelivery</c>) unless the streaming policy names a custom key server.
/// </summary>
public static class KeyDeliveryUrls
{
    /// <summary>The AES-128 envelope key URL, <c>{base}?kid={keyId}</c> (HLS <c>EXT-X-KEY</c>, DASH-SEA, Smooth).</summary>
    public static Uri Envelope(Uri keyDeliveryBase, Guid keyId)
    {
        ArgumentNullException.ThrowIfNull(keyDeliveryBase);
        return new Uri(keyDeliveryBase, $"?kid={keyId:D}");
    }

    /// <summary>The W3C EME ClearKey license URL, <c>{base}ClearKey/</c> (DASH <c>dashif:laurl</c>, player config).</summary>
    public static Uri ClearKeyLicense(Uri keyDeliveryBase)
    {
        ArgumentNullException.ThrowIfNull(keyDeliveryBase);
        return new Uri(keyDeliveryBase, "ClearKey/");
    }

    /// <summary>
    /// The envelope key URL for a locator's key: the policy's <c>customKeyAcquisitionUrlTemplate</c> with
    /// <c>{ContentKeyId}</c> and <c>{AlternativeMediaId}</c> filled in, else <see cref="Envelope(Uri, Guid)"/>.
    /// </summary>
    public static Uri Envelope(Uri keyDeliveryBase, EnvelopeEncryption? envelope, Guid keyId, string? alternativeMediaId) =>
        envelope?.CustomKeyAcquisitionUrlTemplate is { Length: > 0 } template
            ? new Uri(Fill(template, keyId, alternativeMediaId))
            : Envelope(keyDeliveryBase, keyId);

    /// <summary>
    /// The ClearKey license URL of a CENC/CBCS scheme: its <c>customKeysAcquisitionUrlTemplate</c> with
    /// <c>{AlternativeMediaId}</c> filled in (a license names several keys, so <c>{ContentKeyId}</c> has no meaning), else
    /// <see cref="ClearKeyLicense(Uri)"/>.
    /// </summary>
    public static Uri ClearKeyLicense(Uri keyDeliveryBase, ClearKeyEncryptionConfiguration? clearKey, string? alternativeMediaId) =>
        clearKey?.CustomKeysAcquisitionUrlTemplate is { Length: > 0 } template
            ? new Uri(template.Replace("{AlternativeMediaId}", Uri.EscapeDataString(alternativeMediaId ?? ""), StringComparison.Ordinal))
            : ClearKeyLicense(keyDeliveryBase);

    /// <summary>
    /// A DRM license server URL (PlayReady, Widevine, FairPlay) for a key: the policy's
    /// <c>customLicenseAcquisitionUrlTemplate</c> with <c>{ContentKeyId}</c> and <c>{AlternativeMediaId}</c> filled in,
    /// or null without one (the region licenses none of those systems).
    /// </summary>
    public static string? License(string? template, Guid keyId, string? alternativeMediaId) =>
        template is { Length: > 0 } ? Fill(template, keyId, alternativeMediaId) : null;

    private static string Fill(string template, Guid keyId, string? alternativeMediaId) => template
        .Replace("{ContentKeyId}", keyId.ToString("D"), StringComparison.Ordinal)
        .Replace("{AlternativeMediaId}", Uri.EscapeDataString(alternativeMediaId ?? ""), StringComparison.Ordinal);
}
