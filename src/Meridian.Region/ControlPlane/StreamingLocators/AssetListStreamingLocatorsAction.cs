using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Assets;
using Meridian.Region.ControlPlane.Resources;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary><c>POST .../assets/{name}/listStreamingLocators</c>: the locators that publish the asset, ordered by name.</summary>
public sealed class AssetListStreamingLocatorsAction : IResourceAction
{
    public string Collection => AssetKind.CollectionName;

    public string Name => "listStreamingLocators";

    public IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resource);
        var locators = request.Session.List(request.Account.Scope, StreamingLocatorKind.StoreKind)
            .Select(s => ResourceDocument.Deserialize(s.Body))
            .Select(d => (d.Name, Properties: d.Get<StreamingLocatorProperties>()))
            .Where(l => string.Equals(l.Properties.AssetName, resource.Name, StringComparison.OrdinalIgnoreCase))
            .Select(l => new AssetStreamingLocator
            {
                Name = l.Name,
                AssetName = l.Properties.AssetName,
                Created = l.Properties.Created,
                StartTime = l.Properties.StartTime,
                EndTime = l.Properties.EndTime,
                StreamingLocatorId = l.Properties.StreamingLocatorId,
                StreamingPolicyName = l.Properties.StreamingPolicyName,
                DefaultContentKeyPolicyName = l.Properties.DefaultContentKeyPolicyName,
            })
            .ToList();
        return Results.Json(new JsonObject { ["streamingLocators"] = ArmJson.ToNode(locators) }, ArmJson.Options);
    }
}
