namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>The status of an ARM asynchronous operation.</summary>
public enum AsyncOperationStatus
{
    InProgress,
    Succeeded,
    Failed,
}
