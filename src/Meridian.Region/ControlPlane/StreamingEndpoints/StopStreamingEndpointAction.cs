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
        operations.Transition(request, kind, resource, StreamingEndpointOperationAction.Stop,
            StreamingEndpointResourceState.Stopping, StreamingEndpointResourceState.Stopped);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}
