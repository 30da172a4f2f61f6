namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>FairPlay settings of a CBCS scheme.</summary>
public sealed record StreamingPolicyFairPlayConfiguration
{
    /// <summary>A license server URL for playlists; may use <c>{ContentKeyId}</c> and <c>{AlternativeMediaId}</c>.</summary>
    public string? CustomLicenseAcquisitionUrlTemplate { get; init; }

    /// <summary>Required by AMS: whether licenses may be persisted offline.</summary>
    public bool? AllowPersistentLicense { get; init; }
}
