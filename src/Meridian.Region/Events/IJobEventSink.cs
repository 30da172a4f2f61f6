namespace Meridian.Region.Events;
/// <summary>Receives job and job-output state changes inside the metadata write transaction that makes them, so an event is stored iff the change is.</summary>
public interface IJobEventSink
{
    void JobStateChanged(Meridian.Region.Metadata.IMetadataSession session, JobEventContext context, string previousState, string state);
    void JobOutputStateChanged(Meridian.Region.Metadata.IMetadataSession session, JobEventContext context, int outputIndex, string previousState, System.Text.Json.Nodes.JsonObject output);
    void JobOutputProgress(Meridian.Region.Metadata.IMetadataSession session, JobEventContext context, int outputIndex, string label, int progress);
}
