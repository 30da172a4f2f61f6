namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>AMS <c>JobState</c> values.</summary>
public static class JobStates
{
    public const string Queued = "Queued";
    public const string Scheduled = "Scheduled";
    public const string Processing = "Processing";
    public const string Finished = "Finished";
    public const string Error = "Error";
    public const string Canceling = "Canceling";
    public const string Canceled = "Canceled";

    /// <summary>True for the states a job never leaves.</summary>
    public static bool IsFinal(string? state) => state is Finished or Error or Canceled;
}
