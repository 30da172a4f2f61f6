using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Resources;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>
/// <c>POST .../streamingEndpoints/{name}/start</c>: Stopped → Starting → Running, answered 202 with the operation's
/// headers. Starting a running endpoint succeeds at once; starting a starting one answers with its operation.
/// </summary>
public sealed class StartStreamingEndpointAction(StreamingEndpointKind kind, StreamingEndpointOperations operations) : IResourceAction
{
    public string Collection => StreamingEndpointKind.CollectionName;

    public string Name => "start";

    public IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resource);
        var properties = resource.Get<StreamingEndpointProperties>();
        if (StreamingEndpointOperationStore.Pending(request.Session, request.Account.Scope, resource.Name) is { } pending)
        {
            if (pending.FinalState != StreamingEndpointResourceState.Running || properties.ResourceState != StreamingEndpointResourceState.Starting)
            {
                throw StreamingEndpointOperations.Busy(resource.Name, pending);
            }

            StreamingEndpointOperations.Accept(request, pending);
        }
        else if (properties.ResourceState == StreamingEndpointResourceState.Running)
        {
            operations.Done(request, resource.Name, StreamingEndpointOperationAction.Start);
        }
        else
        {
            resource.Set(properties with { ResourceState = StreamingEndpointResourceState.Starting });
            request.Store(kind, resource);
            operations.Begin(request, resource.Name, StreamingEndpointOperationAction.Start, StreamingEndpointResourceState.Running);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}
