namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>Where a streaming endpoint is in its life. Only a Running endpoint (or one scaling while running) serves.</summary>
public enum StreamingEndpointResourceState
{
    Stopped,
    Starting,
    Running,
    Stopping,
    Deleting,
    Scaling,
}
