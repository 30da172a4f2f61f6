using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Assets;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingPolicies;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary><c>POST .../streamingLocators/{name}/listPaths</c>: host-relative streaming and download paths of the locator.</summary>
public sealed class StreamingLocatorListPathsAction(AssetKind assets, StreamingPolicyKind policies, IAssetFileLister files) : IResourceAction
{
    public string Collection => StreamingLocatorKind.CollectionName;

    public string Name => "listPaths";

    public IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resource);
        var locator = resource.Get<StreamingLocatorProperties>();
        var asset = request.Require(assets, locator.AssetName!, target: "properties.assetName");
        var policy = request.Require(policies, locator.StreamingPolicyName!, target: "properties.streamingPolicyName").Get<StreamingPolicyProperties>();
        var container = asset.Get<AssetProperties>().Container;
        var names = container is null ? [] : files.ListFiles(container);
        return Results.Json(StreamingPaths.Build(locator.StreamingLocatorId!.Value, policy, names), ArmJson.Options);
    }
}
