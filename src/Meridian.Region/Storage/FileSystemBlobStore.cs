using Meridian.Region.Hosting;

namespace Meridian.Region.Storage;

/// <summary>Blobs as files under <c>{data}/blobs/{container}/</c>.</summary>
public sealed partial class FileSystemBlobStore : IBlobStore
{
    private readonly string _root;

    public FileSystemBlobStore(RegionContext region)
    {
        ArgumentNullException.ThrowIfNull(region);
        _root = Path.GetFullPath(Path.Combine(region.Options.DataDirectory, "blobs"));
        AccountName = region.Name.Replace("-", "", StringComparison.Ordinal);
        Directory.CreateDirectory(_root);
    }

    public string AccountName { get; }

    /// <summary>The directory that holds the containers.</summary>
    public string Root => _root;

    public void CreateContainer(string container) => Directory.CreateDirectory(ContainerPath(container));

    public bool ContainerExists(string container) => Directory.Exists(ContainerPath(container));

    public Task<bool> DeleteContainerAsync(string container, CancellationToken cancellationToken = default)
    {
        var path = ContainerPath(container);
        if (!Directory.Exists(path))
        {
            return Task.FromResult(false);
        }

        // Rename first so a half-finished delete never looks like a live container.
        var doomed = Path.Combine(_root, $".deleting-{container}-{Guid.NewGuid():N}");
        Directory.Move(path, doomed);
        Directory.Delete(doomed, recursive: true);
        return Task.FromResult(true);
    }

    /// <summary>The directory of a container; the name is validated, so the path stays under the root.</summary>
    public string ContainerPath(string container)
    {
        BlobNames.RequireContainer(container);
        return Path.Combine(_root, container);
    }
}
