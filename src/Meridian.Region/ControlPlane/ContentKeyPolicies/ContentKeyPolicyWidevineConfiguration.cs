namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>A Widevine license. The template is itself JSON (a string), e.g. <c>{"allowed_track_types":"SD_HD",...}</c>.</summary>
public sealed record ContentKeyPolicyWidevineConfiguration : ContentKeyPolicyConfiguration
{
    public string? WidevineTemplate { get; init; }
}
