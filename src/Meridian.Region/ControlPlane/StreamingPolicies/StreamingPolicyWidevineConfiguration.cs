namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>Widevine settings of a CENC or CBCS scheme.</summary>
public sealed record StreamingPolicyWidevineConfiguration
{
    /// <summary>A license server URL for manifests; may use <c>{ContentKeyId}</c> and <c>{AlternativeMediaId}</c>.</summary>
    public string? CustomLicenseAcquisitionUrlTemplate { get; init; }
}
