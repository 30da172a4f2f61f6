using System.Collections.Frozen;

namespace Meridian.Region.Events;

/// <summary>The Event Grid event types a Media Services account publishes for jobs (<c>media-services-event-schemas.md</c>).</summary>
public static class MediaEventTypes
{
    public const string JobStateChange = "Microsoft.Media.JobStateChange";
    public const string JobScheduled = "Microsoft.Media.JobScheduled";
    public const string JobProcessing = "Microsoft.Media.JobProcessing";
    public const string JobCanceling = "Microsoft.Media.JobCanceling";
    public const string JobFinished = "Microsoft.Media.JobFinished";
    public const string JobCanceled = "Microsoft.Media.JobCanceled";
    public const string JobErrored = "Microsoft.Media.JobErrored";
    public const string JobOutputStateChange = "Microsoft.Media.JobOutputStateChange";
    public const string JobOutputScheduled = "Microsoft.Media.JobOutputScheduled";
    public const string JobOutputProcessing = "Microsoft.Media.JobOutputProcessing";
    public const string JobOutputCanceling = "Microsoft.Media.JobOutputCanceling";
    public const string JobOutputFinished = "Microsoft.Media.JobOutputFinished";
    public const string JobOutputCanceled = "Microsoft.Media.JobOutputCanceled";
    public const string JobOutputErrored = "Microsoft.Media.JobOutputErrored";
    public const string JobOutputProgress = "Microsoft.Media.JobOutputProgress";

    /// <summary>Every type a subscription may name in <c>includedEventTypes</c>, with canonical casing.</summary>
    public static FrozenSet<string> All { get; } = new[]
    {
        JobStateChange, JobScheduled, JobProcessing, JobCanceling, JobFinished, JobCanceled, JobErrored,
        JobOutputStateChange, JobOutputScheduled, JobOutputProcessing, JobOutputCanceling, JobOutputFinished, JobOutputCanceled,
        JobOutputErrored, JobOutputProgress,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The per-state job event for a new state; null for <c>Queued</c>, which only appears as a previous state.</summary>
    public static string? ForJobState(string state) => state switch
    {
        "Scheduled" => JobScheduled,
        "Processing" => JobProcessing,
        "Canceling" => JobCanceling,
        "Finished" => JobFinished,
        "Canceled" => JobCanceled,
        "Error" => JobErrored,
        _ => null,
    };

    /// <summary>The per-state job output event for a new state; null for <c>Queued</c>.</summary>
    public static string? ForJobOutputState(string state) => state switch
    {
        "Scheduled" => JobOutputScheduled,
        "Processing" => JobOutputProcessing,
        "Canceling" => JobOutputCanceling,
        "Finished" => JobOutputFinished,
        "Canceled" => JobOutputCanceled,
        "Error" => JobOutputErrored,
        _ => null,
    };
}
