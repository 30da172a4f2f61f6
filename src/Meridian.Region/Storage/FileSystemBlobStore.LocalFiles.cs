using System.Buffers;
using System.Security.Cryptography;

namespace Meridian.Region.Storage;

/// <summary>Blob content for local processes (the encoder) without copying bytes: hard links out, renames in.</summary>
public sealed partial class FileSystemBlobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// A hard link to the content file, made under the blob's lock so it is a committed version. The name is validated as
    /// for every other operation, and a content path that is not a regular file (a symbolic link someone put into the
    /// container directory) is refused, so the link never reaches outside the container.
    /// </remarks>
    public bool TryLinkLocal(string container, string name, string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var dir = ExistingContainer(container);
        var path = BlobPath(dir, name);
        lock (Stripe(container, name))
        {
            var info = new FileInfo(path);
            return info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0 && NativeLinks.TryHardLink(path, destination);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The file is renamed into <c>.tmp</c> (.NET copies when it is on another file system), read once for the MD5 and
    /// flushed to disk like every other write, then committed by the same rename as <see cref="WriteAsync"/>.
    /// </remarks>
    public async Task<BlobInfo> WriteFileAsync(string container, string name, string path, BlobWriteOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        BlobPath(ExistingContainer(container), name);
        var temp = NewTempPath();
        File.Move(path, temp);
        long length;
        string md5;
        try
        {
            (length, md5) = await HashAndFlushAsync(temp, options.MaxLength, cancellationToken);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return CommitTemp(container, name, temp, length, md5, options);
    }

    private static async Task<(long Length, string Md5)> HashAndFlushAsync(string path, long maxLength, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
            if (file.Length > maxLength)
            {
                throw BlobStorageException.TooLarge(maxLength);
            }

            long total = 0;
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                total += read;
            }

            file.Flush(flushToDisk: true);
            return (total, Convert.ToBase64String(md5.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
