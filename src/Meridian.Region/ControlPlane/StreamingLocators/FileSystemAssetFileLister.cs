using Meridian.Region.Storage;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>Lists a container's files straight from <see cref="FileSystemBlobStore"/>'s directory.</summary>
public sealed class FileSystemAssetFileLister(FileSystemBlobStore blobs) : IAssetFileLister
{
    public IReadOnlyList<string> ListFiles(string container)
    {
        var path = blobs.ContainerPath(container);
        if (!Directory.Exists(path))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(path).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
    }
}
