using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.Resources;

/// <summary>A POST action on a resource, e.g. <c>assets/{name}/listContainerSas</c>.</summary>
public interface IResourceAction
{
    /// <summary>The collection the action belongs to, e.g. <c>assets</c>.</summary>
    string Collection { get; }

    /// <summary>The action's name, matched case-insensitively.</summary>
    string Name { get; }

    /// <summary>Runs inside a write transaction; what it stores commits with it.</summary>
    IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body);
}
