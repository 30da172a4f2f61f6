using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>
/// <c>POST .../streamingLocators/{name}/listContentKeys</c>: the locator's keys with their values, the one read that
/// reveals them. Its output can be PUT as another locator's <c>contentKeys</c> to share the keys across regions.
/// </summary>
public sealed class StreamingLocatorListContentKeysAction : IResourceAction
{
    public string Collection => StreamingLocatorKind.CollectionName;

    public string Name => "listContentKeys";

    public IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var keys = resource.Get<StreamingLocatorProperties>().ContentKeys ?? [];
        return Results.Json(new JsonObject { ["contentKeys"] = ArmJson.ToNode(keys) }, ArmJson.Options);
    }
}
