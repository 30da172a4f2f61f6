using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Resources;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>
/// <c>POST .../streamingEndpoints/{name}/stop</c>: Running → Stopping → Stopped, answered 202 with the operation's
/// headers. Stopping a stopped endpoint succeeds at once; stopping a stopping one answers with its operation.
/// </summary>
public sealed class StopStreamingEndpointAction(StreamingEndpointKind kind, StreamingEndpointOperations operations) : IResourceAction
{
    public string Collection => StreamingEndpointKind.CollectionName;

    public string Name => "stop";

    public IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resource);
        var properties = resource.Get<StreamingEndpointProperties>();
        if (StreamingEndpointOperationStore.Pending(request.Session, request.Account.Scope, resource.Name) is { } pending)
        {
            if (pending.FinalState != StreamingEndpointResourceState.Stopped || properties.ResourceState != StreamingEndpointResourceState.Stopping)
            {
                throw StreamingEndpointOperations.Busy(resource.Name, pending);
            }

            StreamingEndpointOperations.Accept(request, pending);
        }
        else if (properties.ResourceState == StreamingEndpointResourceState.Stopped)
        {
            operations.Done(request, resource.Name, StreamingEndpointOperationAction.Stop);
        }
        else
        {
            resource.Set(properties with { ResourceState = StreamingEndpointResourceState.Stopping });
            request.Store(kind, resource);
            operations.Begin(request, resource.Name, StreamingEndpointOperationAction.Stop, StreamingEndpointResourceState.Stopped);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}
