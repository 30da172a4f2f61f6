using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;
using Meridian.Region.Storage.Sas;

namespace Meridian.Region.ControlPlane.Assets;

/// <summary>A container's holder is the asset naming it (container names are unique in a region); its id is the assetId.</summary>
public sealed class AssetContainerOwners(IMetadataStore store) : IContainerOwners
{
    public Task<string?> OwnerAsync(string container, CancellationToken cancellationToken) =>
        store.ReadAsync(session => session.FindByAlternateKey(AssetKind.CollectionName, container) is { } stored
            ? ResourceDocument.Deserialize(stored.Body).Get<AssetProperties>().AssetId?.ToString("D")
            : null, cancellationToken);
}
