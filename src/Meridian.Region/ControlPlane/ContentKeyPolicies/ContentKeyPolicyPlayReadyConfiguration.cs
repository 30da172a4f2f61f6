namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>PlayReady licenses, one per key the response carries.</summary>
public sealed record ContentKeyPolicyPlayReadyConfiguration : ContentKeyPolicyConfiguration
{
    public IReadOnlyList<ContentKeyPolicyPlayReadyLicense>? Licenses { get; init; }

    /// <summary>Returned to the client in the license response as is.</summary>
    public string? ResponseCustomData { get; init; }
}
