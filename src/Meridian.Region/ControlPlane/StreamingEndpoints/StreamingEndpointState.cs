using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>Reads endpoint states from the metadata store.</summary>
public sealed class StreamingEndpointState(IMetadataStore store) : IStreamingEndpointState
{
    public Task<bool> IsAnyRunningAsync(string accountScope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountScope);
        return store.ReadAsync(session => IsAnyRunning(session, accountScope.ToLowerInvariant()), cancellationToken);
    }

    private static bool IsAnyRunning(IMetadataSession session, string accountScope)
    {
        var endpoints = session.List(accountScope, StreamingEndpointKind.StoreKind)
            .Select(s => (s.Key.Name, ResourceDocument.Deserialize(s.Body).Get<StreamingEndpointProperties>().ResourceState))
            .ToList();
        if (endpoints.Any(e => e.ResourceState == StreamingEndpointResourceState.Running))
        {
            return true;
        }

        // A scaling endpoint keeps serving if it was running: its scale operation returns it to Running.
        return endpoints.Any(e => e.ResourceState == StreamingEndpointResourceState.Scaling &&
            StreamingEndpointOperationStore.Pending(session, accountScope, e.Name)?.FinalState == StreamingEndpointResourceState.Running);
    }
}
