using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Storage;
using Meridian.Region.Storage.Sas;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.Assets;

/// <summary>
/// <c>POST assets/{name}/listContainerSas</c>: SAS URLs for the asset's container on the region's blob endpoint, one per
/// storage key (as AMS returned one per storage account key), IP-style:
/// <c>http://{ip}:{port}/{storageAccountName}/{container}?sv=..&amp;se=..&amp;sr=c&amp;sp=..&amp;sig=..</c>.
/// </summary>
public sealed class ListContainerSasAction(ContainerSas sas, IBlobStore blobs) : IResourceAction
{
    /// <summary>The furthest expiry AMS accepts.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    public string Collection => AssetKind.CollectionName;

    public string Name => "listContainerSas";

    public IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resource);
        var input = ArmJson.Read<ListContainerSasInput>(body, "body");
        var permissions = input.Permissions switch
        {
            AssetContainerPermission.Read => SasPermissions.Read | SasPermissions.List,
            AssetContainerPermission.ReadWrite => SasPermissions.Read | SasPermissions.Create | SasPermissions.Write | SasPermissions.List,
            AssetContainerPermission.ReadWriteDelete =>
                SasPermissions.Read | SasPermissions.Create | SasPermissions.Write | SasPermissions.Delete | SasPermissions.List,
            _ => throw ArmException.BadRequest("'permissions' is required: Read, ReadWrite or ReadWriteDelete.", "permissions"),
        };

        if (input.ExpiryTime is not { } expiry)
        {
            throw ArmException.BadRequest("'expiryTime' is required.", "expiryTime");
        }

        // The signed expiry has whole seconds; check the time that will be signed.
        var signed = new DateTimeOffset(expiry.UtcTicks - (expiry.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (signed <= request.Now)
        {
            throw ArmException.BadRequest("'expiryTime' must be in the future.", "expiryTime");
        }

        if (expiry > request.Now + MaxLifetime)
        {
            throw ArmException.BadRequest("'expiryTime' must be at most 24 hours from now.", "expiryTime");
        }

        var properties = resource.Get<AssetProperties>();
        var container = properties.Container ??
            throw new ArmException(409, "Conflict", $"The asset '{resource.Name}' has no container.", resource.Name);
        var owner = properties.AssetId?.ToString("D") ??
            throw new ArmException(409, "Conflict", $"The asset '{resource.Name}' has no assetId.", resource.Name);
        var baseUrl = $"{request.Region.Addresses.Blob.GetLeftPart(UriPartial.Authority)}/{blobs.AccountName}/{container}";
        var urls = new JsonArray();
        for (var key = 0; key < StorageKeys.Count; key++)
        {
            urls.Add($"{baseUrl}?{sas.Create(container, owner, permissions, signed, key)}");
        }

        var json = new JsonObject { ["assetContainerSasUrls"] = urls };
        return Results.Text(json.ToJsonString(ArmJson.Options), "application/json; charset=utf-8", statusCode: 200);
    }
}
