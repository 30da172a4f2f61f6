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
        operations.Transition(request, kind, resource, StreamingEndpointOperationAction.Start,
            StreamingEndpointResourceState.Starting, StreamingEndpointResourceState.Running);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}
