using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Storage;

namespace Meridian.Region.ControlPlane.Assets;

/// <summary>
/// Assets: a container of blobs. The container is <c>asset-{assetId}</c> unless the caller names an existing or new one;
/// a container belongs to at most one asset in the region. Deleting an asset deletes its locators, its filters and,
/// once the metadata change has committed, its container.
/// </summary>
public sealed class AssetKind(IBlobStore blobs) : ResourceKind<AssetProperties>
{
    public const string CollectionName = "assets";

    public override string Collection => CollectionName;

    public override string DisplayName => "asset";

    public override IReadOnlySet<string> Filterable { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "properties/alternateId", "properties/assetId", "properties/created", "properties/lastModified",
    };

    public override string? AlternateKey(ResourceDocument document) => document?.Get<AssetProperties>().Container;

    protected override AssetProperties Create(ResourceRequest request, ResourceDocument document, AssetProperties incoming)
    {
        var assetId = Guid.NewGuid();
        var container = incoming.Container ?? $"asset-{assetId}";
        if (!BlobNames.IsValidContainer(container))
        {
            throw ArmException.BadRequest(
                $"'{container}' is not a valid container name: 3 to 63 lower-case letters, digits and single hyphens.", "properties.container");
        }

        if (request.Session.FindByAlternateKey(CollectionName, container) is { } owner)
        {
            throw ArmException.Conflict($"The container '{container}' already belongs to asset '{owner.Key.Name}'.", "properties.container");
        }

        CheckStorageAccount(incoming.StorageAccountName);
        CheckText(incoming);
        blobs.CreateContainer(container);
        return incoming with
        {
            AssetId = assetId,
            Created = request.Now,
            LastModified = request.Now,
            Container = container,
            StorageAccountName = blobs.AccountName,
            StorageEncryptionFormat = "None",
        };
    }

    protected override AssetProperties Update(ResourceRequest request, ResourceDocument document, AssetProperties current, AssetProperties incoming)
    {
        if (incoming.Container is not null && incoming.Container != current.Container)
        {
            throw ArmException.BadRequest("The container of an existing asset cannot change.", "properties.container");
        }

        CheckStorageAccount(incoming.StorageAccountName);
        CheckText(incoming);
        return current with
        {
            AlternateId = incoming.AlternateId,
            Description = incoming.Description,
            LastModified = request.Now,
        };
    }

    public override void OnDeleting(ResourceRequest request, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        foreach (var locator in request.Session.List(request.Account.Scope, "streaminglocators"))
        {
            var locatorDoc = ResourceDocument.Deserialize(locator.Body);
            if (string.Equals(locatorDoc.Properties["assetName"]?.GetValue<string>(), document.Name, StringComparison.OrdinalIgnoreCase))
            {
                request.Session.Delete(locator.Key);
            }
        }

        var container = document.Get<AssetProperties>().Container;
        if (container is not null)
        {
            request.AfterCommit.Add(() => blobs.DeleteContainerAsync(container));
        }
    }

    private void CheckStorageAccount(string? name)
    {
        if (name is not null && !string.Equals(name, blobs.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            throw ArmException.BadRequest($"The storage account '{name}' is not attached to this account; use '{blobs.AccountName}'.",
                "properties.storageAccountName");
        }
    }

    private static void CheckText(AssetProperties incoming)
    {
        if (incoming.AlternateId is { Length: > 4096 })
        {
            throw ArmException.BadRequest("'alternateId' is longer than 4096 characters.", "properties.alternateId");
        }

        if (incoming.Description is { Length: > 4096 })
        {
            throw ArmException.BadRequest("'description' is longer than 4096 characters.", "properties.description");
        }
    }
}
