using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>
/// <c>POST .../streamingEndpoints/{name}/scale</c> with <c>{"scaleUnit": n}</c>: the endpoint goes Scaling and back to
/// the state it had (a running endpoint keeps serving), answered 202 with the operation's headers.
/// </summary>
public sealed class ScaleStreamingEndpointAction(StreamingEndpointKind kind, StreamingEndpointOperations operations) : IResourceAction
{
    public string Collection => StreamingEndpointKind.CollectionName;

    public string Name => "scale";

    public IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(body);
        var units = ArmJson.Read<int?>(body.FirstOrDefault(kv => kv.Key.Equals("scaleUnit", StringComparison.OrdinalIgnoreCase)).Value, "scaleUnit")!.Value;
        StreamingEndpointValidator.ScaleUnits(units, "scaleUnit");
        StreamingEndpointOperations.RequireIdle(request, resource.Name);
        var properties = resource.Get<StreamingEndpointProperties>();
        resource.Set(properties with { ScaleUnits = units, ResourceState = StreamingEndpointResourceState.Scaling, LastModified = request.Now });
        resource.Sku = StreamingEndpointKind.Sku(units);
        request.Store(kind, resource);
        operations.Begin(request, resource.Name, StreamingEndpointOperationAction.Scale, properties.ResourceState);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}
