namespace Meridian.Region.KeyDelivery;

/// <summary>Limits of the key delivery listener. The defaults suit players; tests may shorten them.</summary>
public sealed class KeyDeliveryOptions
{
    /// <summary>Longest token accepted, in characters (default 8192). Longer tokens are refused before any parsing.</summary>
    public int MaxTokenLength { get; set; } = 8192;

    /// <summary>Tolerance for <c>exp</c> and <c>nbf</c> against the region's clock (default 60 s).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A token with <c>urn:microsoft:azure:mediaservices:maxuses</c> must expire within this time (default 1 h, as in AMS),
    /// which also bounds how long the region must remember its uses.
    /// </summary>
    public TimeSpan MaxUsesTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest ClearKey license request body (default 64 KiB).</summary>
    public int MaxLicenseRequestBytes { get; set; } = 64 * 1024;

    /// <summary>Most key ids in one ClearKey license request (default 64).</summary>
    public int MaxKidsPerLicense { get; set; } = 64;

    /// <summary>How long browsers may cache a CORS preflight answer (default 10 min).</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
