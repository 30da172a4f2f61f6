using Meridian.Region.KeyDelivery;

namespace Meridian.Region.Streaming;

/// <summary>
/// The FairPlay <c>EXT-X-KEY</c> URI of a <c>cbcs</c> key (<c>KEYFORMAT="com.apple.streamingkeydelivery"</c>): the policy's
/// <c>customLicenseAcquisitionUrlTemplate</c> with <c>{ContentKeyId}</c> and <c>{AlternativeMediaId}</c> filled in, else
/// the AMS form: <c>skd://</c> plus the key delivery host and its <c>FairPlay/?kid={kid}</c> path (apps swap the scheme
/// for https to reach the license server). Shared by the CMAF (<see cref="CommonEncryptionProtection"/>) and TS (<see cref="SampleAesProtection"/>) paths.
/// </summary>
public static class FairPlayKeyUri
{
    /// <summary>The URI, or null when the locator's <c>cbcs</c> configuration does not name FairPlay.</summary>
    public static string? For(ResolvedLocator resolved, Guid keyId, Uri keyDeliveryBase)
    {
        ArgumentNullException.ThrowIfNull(keyDeliveryBase);
        ArgumentNullException.ThrowIfNull(resolved);
        if (resolved.Policy.CommonEncryptionCbcs?.Drm?.FairPlay is not { } fairPlay)
        {
            return null;
        }

        return KeyDeliveryUrls.License(fairPlay.CustomLicenseAcquisitionUrlTemplate, keyId, resolved.Locator.AlternativeMediaId) ??
            $"skd://{keyDeliveryBase.Authority}{keyDeliveryBase.AbsolutePath}FairPlay/?kid={keyId:D}";
    }
}
