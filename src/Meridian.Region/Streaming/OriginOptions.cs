using Microsoft.Extensions.Configuration;

namespace Meridian.Region.Streaming;

/// <summary>
/// Settings of the streaming origin. A region reads them from the <see cref="ConfigurationSection"/> section of its
/// configuration: <c>appsettings.json</c> in its data directory, or environment variables such as
/// <c>Meridian__Origin__SegmentPlanCacheBytes</c>.
/// </summary>
public sealed class OriginOptions
{
    /// <summary>The configuration section of these settings.</summary>
    public const string ConfigurationSection = "Meridian:Origin";

    /// <summary>Segment target duration when neither the URL nor the asset's .ism sets one. The default is 2 s.</summary>
    public TimeSpan DefaultSegmentDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Memory the sample-index cache may use. The default is 256 MiB.</summary>
    public long IndexCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How many packaged presentations (asset + segment duration) stay cached. The default is 512.</summary>
    public int PresentationCacheEntries { get; set; } = 512;

    /// <summary>
    /// Memory for the plans of encrypted CMAF segments already built (header and <c>senc</c> entries, 1-1.8 KB per second of
    /// one track), which let repeat requests encrypt in the send buffer. The default is 64 MiB, about all segments of a
    /// two-hour title with six tracks; 0 turns the cache off.
    /// </summary>
    public long SegmentPlanCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How many segment ETags the region remembers, over all presentations (about 300 bytes each). A known ETag answers
    /// revalidations without a build and lets repeat GETs write straight into the send buffer. The default is 262,144,
    /// about 80 MB; 0 remembers none, so every request builds its segment (what an origin behind a CDN mostly sees).
    /// </summary>
    public int SegmentETagCacheEntries { get; set; } = 262_144;

    /// <summary>Memory for rendered manifests and playlists, over all presentations. The default is 64 MiB; 0 keeps none.</summary>
    public long ManifestCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The key delivery URL manifests name where the streaming policy has no custom template (envelope <c>?kid=</c>
    /// keys, the ClearKey license, HLS TS identity keys), e.g. a global name in front of every region's key delivery.
    /// The default, null, names this region's own key delivery listener, so two regions' manifests differ in that host.
    /// </summary>
    public Uri? KeyDeliveryBaseUrl { get; set; }

    /// <summary>The key delivery base URL for manifests: <see cref="KeyDeliveryBaseUrl"/>, else <paramref name="regionKeyDelivery"/>.</summary>
    public Uri KeyDeliveryBaseFor(Uri regionKeyDelivery) => KeyDeliveryBaseUrl ?? regionKeyDelivery;

    /// <summary>
    /// Settings from <paramref name="section"/>, defaults for the keys it does not name.
    /// </summary>
    /// <exception cref="ArgumentException">A key is unknown, a value not of its type or out of range; the message names it.</exception>
    public static OriginOptions Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var where = section is IConfigurationSection named ? named.Path : ConfigurationSection;
        var known = typeof(OriginOptions).GetProperties().Select(p => p.Name).ToList();
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"{where} has no setting '{child.Key}'; it has {string.Join(", ", known)}.");
            }
        }

        var options = new OriginOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        options.Validate(where);
        return options;
    }

    /// <summary>Refuses values the origin cannot work with.</summary>
    /// <exception cref="ArgumentException">The message names the setting and its range.</exception>
    public void Validate(string where = ConfigurationSection)
    {
        // The range the segment-duration URL argument takes.
        if (DefaultSegmentDuration < TimeSpan.FromSeconds(1) || DefaultSegmentDuration > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentException($"{where}:{nameof(DefaultSegmentDuration)} must be from 00:00:01 to 00:01:00, not {DefaultSegmentDuration}.");
        }

        Check(IndexCacheBytes >= 0, nameof(IndexCacheBytes), "0 or more");
        Check(PresentationCacheEntries >= 1, nameof(PresentationCacheEntries), "1 or more");
        Check(SegmentPlanCacheBytes >= 0, nameof(SegmentPlanCacheBytes), "0 or more");
        Check(SegmentETagCacheEntries >= 0, nameof(SegmentETagCacheEntries), "0 or more");
        Check(ManifestCacheBytes >= 0, nameof(ManifestCacheBytes), "0 or more");
        Check(KeyDeliveryBaseUrl is null || (KeyDeliveryBaseUrl.IsAbsoluteUri && KeyDeliveryBaseUrl.Scheme is "http" or "https" &&
            KeyDeliveryBaseUrl.AbsolutePath.EndsWith('/') && KeyDeliveryBaseUrl.Query.Length == 0 && KeyDeliveryBaseUrl.Fragment.Length == 0),
            nameof(KeyDeliveryBaseUrl), "an absolute http or https URL whose path ends with '/', without query or fragment (e.g. https://keys.example.com/)");

        void Check(bool valid, string name, string range)
        {
            if (!valid)
            {
                throw new ArgumentException($"{where}:{name} must be {range}.");
            }
        }
    }
}
