using System.Text;
using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>
/// <c>POST .../contentKeyPolicies/{name}/getPolicyPropertiesWithSecrets</c>: the policy's properties with their secrets,
/// the one read that returns them (to copy a policy to another region).
/// </summary>
public sealed class GetPolicyPropertiesWithSecretsAction : IResourceAction
{
    public string Collection => ContentKeyPolicyKind.CollectionName;

    public string Name => "getPolicyPropertiesWithSecrets";

    public IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var properties = ArmJson.ToNode(resource.Get<ContentKeyPolicyProperties>().WithEmptyLists())!;
        return Results.Text(properties.ToJsonString(ArmJson.Options), "application/json", Encoding.UTF8, StatusCodes.Status200OK);
    }
}
