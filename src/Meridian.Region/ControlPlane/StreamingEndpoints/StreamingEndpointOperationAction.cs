namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>What a streaming endpoint operation does.</summary>
public enum StreamingEndpointOperationAction
{
    Create,
    Update,
    Start,
    Stop,
    Scale,
    Delete,
}
