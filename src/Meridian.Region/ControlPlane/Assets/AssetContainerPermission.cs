namespace Meridian.Region.ControlPlane.Assets;

/// <summary>The permissions of a <c>listContainerSas</c> URL (AMS <c>AssetContainerPermission</c>).</summary>
public enum AssetContainerPermission
{
    /// <summary>Read and list blobs (<c>sp=rl</c>).</summary>
    Read,

    /// <summary>Read, list, create and write blobs (<c>sp=rcwl</c>).</summary>
    ReadWrite,

    /// <summary>Read, list, create, write and delete blobs (<c>sp=rcwdl</c>).</summary>
    ReadWriteDelete,
}
