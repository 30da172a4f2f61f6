namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>AMS <c>StreamingPolicyStreamingProtocol</c>: the protocols of <c>listPaths</c>.</summary>
public enum StreamingProtocol
{
    Hls,
    Dash,
    SmoothStreaming,
    Download,
}
