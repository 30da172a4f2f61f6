namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>PlayReady settings of a CENC or CBCS scheme.</summary>
public sealed record StreamingPolicyPlayReadyConfiguration
{
    /// <summary>A license server URL for manifests instead of the region's key delivery; may use <c>{ContentKeyId}</c> and <c>{AlternativeMediaId}</c>.</summary>
    public string? CustomLicenseAcquisitionUrlTemplate { get; init; }

    /// <summary>Custom attributes written into the PlayReady header.</summary>
    public string? PlayReadyCustomAttributes { get; init; }
}
