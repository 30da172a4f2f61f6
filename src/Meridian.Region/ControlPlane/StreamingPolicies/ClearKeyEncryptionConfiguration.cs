namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>ClearKey (W3C EME) delivery for a CENC or CBCS scheme.</summary>
public sealed record ClearKeyEncryptionConfiguration
{
    /// <summary>The key server URL; only <c>{AlternativeMediaId}</c> may be used (ClearKey requests name several keys at once).</summary>
    public string? CustomKeysAcquisitionUrlTemplate { get; init; }
}
