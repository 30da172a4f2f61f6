using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Jobs;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Events;
using Meridian.Region.Metadata;

namespace Meridian.Region.Encoder;

/// <summary>
/// Reads and writes job documents outside a control-plane request (the workers, cancel), and reports every state and
/// progress change to the <see cref="IJobEventSink"/> in the same transaction.
/// </summary>
public sealed class JobRecords(IJobEventSink events)
{
    public static ResourceKey KeyOf(AccountScope account, string transform, string job)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new ResourceKey($"{account.Scope}/transforms/{transform.ToLowerInvariant()}", JobKind.CollectionName, job);
    }

    public static ResourceDocument? Load(IMetadataSession session, AccountScope account, string transform, string job)
    {
        ArgumentNullException.ThrowIfNull(session);
        var stored = session.Get(KeyOf(account, transform, job));
        return stored is null ? null : ResourceDocument.Deserialize(stored.Body);
    }

    /// <summary>Stores <paramref name="after"/> and reports how it differs from <paramref name="before"/>.</summary>
    public void Save(IMetadataSession session, AccountScope account, string transform, ResourceDocument document, JobProperties before, JobProperties after)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        document.Set(after);
        session.Put(new StoredResource(KeyOf(account, transform, document.Name), document.Serialize()));
        var context = new JobEventContext(account, transform, document.Name, after.CorrelationData ?? new Dictionary<string, string>());
        var beforeOutputs = before.Outputs ?? [];
        var afterOutputs = after.Outputs ?? [];
        for (var i = 0; i < afterOutputs.Count && i < beforeOutputs.Count; i++)
        {
            var was = beforeOutputs[i];
            var now = afterOutputs[i];
            if (was.State != now.State)
            {
                events.JobOutputStateChanged(session, context, i, was.State ?? JobStates.Queued, (JsonObject)ArmJson.ToNode<JobOutput>(now)!);
            }

            if (was.Progress != now.Progress && now.State == JobStates.Processing)
            {
                events.JobOutputProgress(session, context, i, now.Label ?? "", now.Progress ?? 0);
            }
        }

        if (before.State != after.State)
        {
            events.JobStateChanged(session, context, before.State ?? JobStates.Queued, after.State ?? JobStates.Queued);
        }
    }
}
