using System.Buffers;
using System.Security.Cryptography;

namespace Meridian.Region.Storage;

public sealed partial class FileSystemBlobStore
{
    /// <summary>Most blocks in one block list, as Azure.</summary>
    public const int MaxBlocksPerBlob = 50_000;

    private const int CopyBufferSize = 256 * 1024;

    public async Task<BlobInfo> WriteAsync(string container, string name, Stream content, BlobWriteOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        BlobPath(ExistingContainer(container), name);
        var (temp, length, md5) = await WriteTempAsync([content], options.MaxLength, cancellationToken);
        return CommitTemp(container, name, temp, length, md5, options);
    }

    // Puts a complete temporary file in place as the blob (checking the expected MD5 first), drops the blob's staged
    // blocks, and never leaves the temporary file behind.
    private BlobInfo CommitTemp(string container, string name, string temp, long length, string md5, BlobWriteOptions options)
    {
        try
        {
            CheckMd5(options.ExpectedMd5, md5);
            var info = Commit(container, name, temp, length, md5, options);
            DropStagedBlocks(container, name);
            return info;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<string> StageBlockAsync(string container, string name, string blockId, Stream content, long maxLength, string? expectedMd5,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        BlobPath(ExistingContainer(container), name);
        var blockFile = BlockFileName(blockId);
        var (temp, _, md5) = await WriteTempAsync([content], maxLength, cancellationToken);
        try
        {
            CheckMd5(expectedMd5, md5);
            var staging = StagingPath(container, name);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return WhileContainerStands(container, () =>
                    {
                        ExistingContainer(container);
                        Directory.CreateDirectory(staging);
                        File.Move(temp, Path.Combine(staging, blockFile), overwrite: true);
                        return md5;
                    });
                }
                catch (DirectoryNotFoundException) when (attempt < 3)
                {
                    // A commit removed the staging directory between the two calls.
                }
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<BlobInfo> CommitBlockListAsync(string container, string name, IReadOnlyList<string> blockIds, BlobWriteOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blockIds);
        ArgumentNullException.ThrowIfNull(options);
        BlobPath(ExistingContainer(container), name);
        if (blockIds.Count > MaxBlocksPerBlob)
        {
            throw new BlobStorageException(400, BlobErrorCodes.InvalidBlockList, $"The block list has more than {MaxBlocksPerBlob} blocks.");
        }

        // Check every block before writing anything; each is opened only while it is copied.
        var staging = StagingPath(container, name);
        var paths = new List<string>(blockIds.Count);
        foreach (var id in blockIds)
        {
            var path = Path.Combine(staging, BlockFileName(id));
            paths.Add(File.Exists(path) ? path : throw MissingBlock(id));
        }

        var (temp, length, md5) = await WriteTempAsync(OpenBlocks(paths, blockIds), options.MaxLength, cancellationToken);
        return CommitTemp(container, name, temp, length, md5, options);
    }

    private static IEnumerable<Stream> OpenBlocks(List<string> paths, IReadOnlyList<string> blockIds)
    {
        for (var i = 0; i < paths.Count; i++)
        {
            FileStream block;
            try
            {
                block = new FileStream(paths[i], FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // A concurrent commit or delete of the same blob took the staged blocks.
                throw MissingBlock(blockIds[i]);
            }

            using (block)
            {
                yield return block;
            }
        }
    }

    private static BlobStorageException MissingBlock(string blockId) => new(400, BlobErrorCodes.InvalidBlockList,
        $"The specified block list is invalid: the block '{blockId}' has not been staged for this blob.");

    /// <summary>
    /// Streams the sources, in order, to a new file under <c>.tmp</c> with a pooled buffer, hashing as it goes, and
    /// flushes it to disk. More than <paramref name="maxLength"/> bytes is 413 and leaves nothing behind.
    /// </summary>
    private async Task<(string Path, long Length, string Md5)> WriteTempAsync(IEnumerable<Stream> sources, long maxLength,
        CancellationToken cancellationToken)
    {
        var temp = NewTempPath();
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long total = 0;
            await using (var file = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.Asynchronous,
            }))
            {
                foreach (var source in sources)
                {
                    while (true)
                    {
                        // Fill the buffer before writing: request bodies arrive in small pieces.
                        var filled = 0;
                        int read;
                        while (filled < buffer.Length &&
                            (read = await source.ReadAsync(buffer.AsMemory(filled, buffer.Length - filled), cancellationToken)) > 0)
                        {
                            filled += read;
                        }

                        if (filled == 0)
                        {
                            break;
                        }

                        total += filled;
                        if (total > maxLength)
                        {
                            throw BlobStorageException.TooLarge(maxLength);
                        }

                        md5.AppendData(buffer, 0, filled);
                        await file.WriteAsync(buffer.AsMemory(0, filled), cancellationToken);
                    }
                }

                file.Flush(flushToDisk: true);
            }

            return (temp, total, Convert.ToBase64String(md5.GetHashAndReset()));
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The staging file name of a block: a hash of its id, which must be base64 of at most 64 bytes.</summary>
    private static string BlockFileName(string blockId)
    {
        Span<byte> decoded = stackalloc byte[64];
        if (string.IsNullOrEmpty(blockId) || blockId.Length > 100 || !Convert.TryFromBase64String(blockId, decoded, out _))
        {
            throw new BlobStorageException(400, BlobErrorCodes.InvalidBlockId,
                "The specified block ID is invalid. The block ID must be Base64-encoded and at most 64 bytes long.");
        }

        return Hash(blockId);
    }

    private static void CheckMd5(string? expected, string actual)
    {
        if (expected is not null && !string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new BlobStorageException(400, BlobErrorCodes.Md5Mismatch,
                $"The MD5 value specified in the request did not match with the MD5 value calculated by the server ({actual}).");
        }
    }
}
