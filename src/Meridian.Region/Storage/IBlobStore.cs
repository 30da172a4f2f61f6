namespace Meridian.Region.Storage;

/// <summary>
/// The region's blob storage: one container per asset. Container and blob names are validated by the store, so no
/// name can reach outside its container. Writes are atomic: a reader sees the old blob or the new one, never a mix,
/// and a failed write leaves nothing behind. Operations on a missing container throw 404 <c>ContainerNotFound</c>.
/// </summary>
public interface IBlobStore
{
    /// <summary>The storage account name the store presents (ARM <c>storageAccountName</c>).</summary>
    string AccountName { get; }

    /// <summary>Creates a container if it does not exist.</summary>
    void CreateContainer(string container);

    /// <summary>True if the container exists.</summary>
    bool ContainerExists(string container);

    /// <summary>Deletes a container and everything in it; false if it was not there.</summary>
    Task<bool> DeleteContainerAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>
    /// A value that changes whenever a blob of the container is added, replaced or deleted (null if the container does not
    /// exist). The origin caches a container's listing against it.
    /// </summary>
    string? ContainerVersion(string container);

    /// <summary>Lists committed blobs in ordinal name order, a page at a time.</summary>
    BlobListPage List(string container, BlobListOptions options);

    /// <summary>The committed blob's properties, or null if there is no such blob.</summary>
    BlobInfo? GetInfo(string container, string name);

    /// <summary>Opens the committed blob for random-access reads, or returns null if there is no such blob.</summary>
    BlobReadHandle? OpenRead(string container, string name);

    /// <summary>
    /// As <see cref="OpenRead"/>, for readers that need the bytes and the length only (the origin's segment reads): the
    /// properties are read when <see cref="BlobReadHandle.Info"/> is first asked for. If the blob was replaced in between,
    /// they then describe the opened bytes' length and times only.
    /// </summary>
    BlobReadHandle? OpenContent(string container, string name) => OpenRead(container, name);

    /// <summary>
    /// Writes a whole blob from <paramref name="content"/> (streamed to a temporary file, then renamed into place) and
    /// discards the blob's staged blocks. The stored MD5 is computed from the content.
    /// </summary>
    Task<BlobInfo> WriteAsync(string container, string name, Stream content, BlobWriteOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stages one block of a blob for a later <see cref="CommitBlockListAsync"/>. <paramref name="blockId"/> is the
    /// client's base64 block id. A block staged again under the same id replaces the earlier one.
    /// Returns the base64 MD5 of the block.
    /// </summary>
    Task<string> StageBlockAsync(string container, string name, string blockId, Stream content, long maxLength, string? expectedMd5,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Assembles staged blocks, in order, into the blob (a temporary file, then a rename) and discards the blob's staged
    /// blocks. A block id that was not staged is 400 <c>InvalidBlockList</c> and nothing changes.
    /// </summary>
    Task<BlobInfo> CommitBlockListAsync(string container, string name, IReadOnlyList<string> blockIds, BlobWriteOptions options,
        CancellationToken cancellationToken = default);

    /// <summary>Replaces a blob's HTTP headers (keeping its MD5 unless one is given); 404 <c>BlobNotFound</c> if missing.</summary>
    BlobInfo SetContentProperties(string container, string name, BlobContentProperties content, BlobConditions? conditions = null);

    /// <summary>Replaces a blob's metadata; 404 <c>BlobNotFound</c> if missing.</summary>
    BlobInfo SetMetadata(string container, string name, IReadOnlyDictionary<string, string> metadata, BlobConditions? conditions = null);

    /// <summary>Deletes a blob and its staged blocks; false if there was no such blob.</summary>
    bool DeleteBlob(string container, string name, BlobConditions? conditions = null);

    /// <summary>
    /// Makes <paramref name="destination"/>, a new path outside the store, show the committed blob without copying it, for a
    /// local reader such as the encoder. Content files are never written in place (a write renames a new file over the old
    /// one), so the destination keeps the version it was made from; it must only be read, and deleting it leaves the blob
    /// alone. False if there is no such blob or the store cannot do this (then read it with <see cref="OpenRead"/>).
    /// </summary>
    bool TryLinkLocal(string container, string name, string destination) => false;

    /// <summary>
    /// Writes a whole blob from a complete local file and takes the file: a store on the same file system moves it into
    /// place instead of copying it. Otherwise as <see cref="WriteAsync"/> (atomic, MD5 computed, staged blocks discarded).
    /// </summary>
    async Task<BlobInfo> WriteFileAsync(string container, string name, string path, BlobWriteOptions options, CancellationToken cancellationToken = default)
    {
        BlobInfo info;
        await using (var file = File.OpenRead(path))
        {
            info = await WriteAsync(container, name, file, options, cancellationToken);
        }

        File.Delete(path);
        return info;
    }
}
