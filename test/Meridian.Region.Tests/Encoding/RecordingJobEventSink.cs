using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Meridian.Region.Events;
using Meridian.Region.Metadata;

namespace Meridian.Region.Tests.Encoder;

/// <summary>Keeps every job event as a line, e.g. <c>job Queued->Scheduled</c>, <c>output0 Processing->Finished</c>, <c>progress0 40</c>.</summary>
public sealed class RecordingJobEventSink : IJobEventSink
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Correlations { get; } = new();

    public void JobStateChanged(IMetadataSession session, JobEventContext context, string previousState, string state)
    {
        Correlations.Enqueue(context.CorrelationData);
        Events.Enqueue($"job {previousState}->{state}");
    }

    public void JobOutputStateChanged(IMetadataSession session, JobEventContext context, int outputIndex, string previousState, JsonObject output) =>
        Events.Enqueue($"output{outputIndex} {previousState}->{output["state"]}");

    public void JobOutputProgress(IMetadataSession session, JobEventContext context, int outputIndex, string label, int progress) =>
        Events.Enqueue($"progress{outputIndex} {progress}");
}
