using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Storage;

namespace Meridian.Region.ControlPlane.Assets;

/// <summary>Deletes the containers of an account's assets after the account's deletion commits.</summary>
public sealed class AssetCleaner(IBlobStore blobs, AssetKind assets) : IAccountCleaner
{
    public void Clean(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var asset in request.All(assets))
        {
            if (asset.Get<AssetProperties>().Container is { } container)
            {
                request.AfterCommit.Add(() => blobs.DeleteContainerAsync(container));
            }
        }
    }
}
