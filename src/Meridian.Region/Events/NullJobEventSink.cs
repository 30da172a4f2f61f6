using System.Text.Json.Nodes;
using Meridian.Region.Metadata;

namespace Meridian.Region.Events;

/// <summary>Drops job events; the default until the event publisher registers the real sink.</summary>
public sealed class NullJobEventSink : IJobEventSink
{
    public void JobStateChanged(IMetadataSession session, JobEventContext context, string previousState, string state)
    {
    }

    public void JobOutputStateChanged(IMetadataSession session, JobEventContext context, int outputIndex, string previousState, JsonObject output)
    {
    }

    public void JobOutputProgress(IMetadataSession session, JobEventContext context, int outputIndex, string label, int progress)
    {
    }
}
