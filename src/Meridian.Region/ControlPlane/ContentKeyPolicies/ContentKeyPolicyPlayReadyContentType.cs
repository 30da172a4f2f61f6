namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>The PlayReady content type of the license.</summary>
public enum ContentKeyPolicyPlayReadyContentType
{
    Unknown,
    Unspecified,
    UltraVioletDownload,
    UltraVioletStreaming,
}
