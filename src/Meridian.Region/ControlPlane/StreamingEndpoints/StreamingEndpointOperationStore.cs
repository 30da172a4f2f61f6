using System.Text.Json;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.Metadata;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>
/// Where operations live in the metadata store: one region-wide scope, so that a starting region finds every
/// unfinished operation with one query. <c>$</c> cannot start a subscription id, so the scope is no account's.
/// </summary>
public static class StreamingEndpointOperationStore
{
    public const string Scope = "$region";

    public const string Kind = "streamingendpointoperations";

    public static StreamingEndpointOperation? Get(IMetadataSession session, string id)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Get(new ResourceKey(Scope, Kind, id)) is { } stored ? Read(stored) : null;
    }

    public static IEnumerable<StreamingEndpointOperation> All(IMetadataSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.List(Scope, Kind).Select(Read);
    }

    /// <summary>The operation in progress on an endpoint, if any; there is at most one.</summary>
    public static StreamingEndpointOperation? Pending(IMetadataSession session, string accountScope, string endpointName) =>
        All(session).FirstOrDefault(o => o.Status == AsyncOperationStatus.InProgress && o.AccountScope == accountScope &&
            string.Equals(o.EndpointName, endpointName, StringComparison.OrdinalIgnoreCase));

    public static void Put(IMetadataSession session, StreamingEndpointOperation operation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(operation);
        session.Put(new StoredResource(new ResourceKey(Scope, Kind, operation.Id), JsonSerializer.Serialize(operation, ArmJson.Options)));
    }

    public static void Delete(IMetadataSession session, string id)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.Delete(new ResourceKey(Scope, Kind, id));
    }

    private static StreamingEndpointOperation Read(StoredResource stored) =>
        JsonSerializer.Deserialize<StreamingEndpointOperation>(stored.Body, ArmJson.Options) ??
        throw new InvalidDataException($"Empty streaming endpoint operation '{stored.Key.Name}'.");
}
