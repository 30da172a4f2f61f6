using System.Text.Json;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.Metadata;

namespace Meridian.Region.Encoder;

/// <summary>
/// The durable job queue: one entry per unfinished job, stored in the region database next to the jobs (so an entry is
/// written in the same transaction as the job that it queues, and removed with the job's final state).
/// </summary>
public static class EncodingQueue
{
    public const string Scope = "meridian/encoding";

    public const string Kind = "jobqueue";

    public static void Put(IMetadataSession session, EncodingQueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(entry);
        session.Put(new StoredResource(new ResourceKey(Scope, Kind, entry.Key), JsonSerializer.Serialize(entry, ArmJson.Options)));
    }

    public static EncodingQueueEntry? Get(IMetadataSession session, string key)
    {
        ArgumentNullException.ThrowIfNull(session);
        var stored = session.Get(new ResourceKey(Scope, Kind, key));
        return stored is null ? null : JsonSerializer.Deserialize<EncodingQueueEntry>(stored.Body, ArmJson.Options);
    }

    public static void Remove(IMetadataSession session, string key)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.Delete(new ResourceKey(Scope, Kind, key));
    }

    /// <summary>All entries, highest priority first, then oldest first.</summary>
    public static IReadOnlyList<EncodingQueueEntry> All(IMetadataSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return [.. session.List(Scope, Kind)
            .Select(s => JsonSerializer.Deserialize<EncodingQueueEntry>(s.Body, ArmJson.Options)!)
            .OrderByDescending(e => e.Priority)
            .ThenBy(e => e.Enqueued)];
    }
}
