namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>What a job does with its other outputs when one output fails.</summary>
public enum OnErrorType
{
    StopProcessingJob,
    ContinueJob,
}
