using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Meridian.Region.Hosting;
using Microsoft.Win32.SafeHandles;

namespace Meridian.Region.Storage;

/// <summary>
/// Blobs as plain files under <c>{data}/blobs/{container}/{name}</c> ('/' in a name is a directory), so other tools can
/// read them. Beside the containers, in directories no container name can take:
/// <list type="bullet">
/// <item><c>.meta/{container}/{hh}/{sha256(name)}.json</c>: headers, ETag and times of each blob (<see cref="BlobSidecar"/>);</item>
/// <item><c>.staging/{container}/{sha256(name)}/{sha256(blockId)}</c>: uncommitted blocks;</item>
/// <item><c>.tmp/</c>: files being written, renamed into place when complete and cleared on start.</item>
/// </list>
/// Commits, deletes and opens of one blob are serialized by a striped lock, so a reader always gets a content file and the
/// sidecar that describes it, and a conditional write is checked and applied atomically.
/// </summary>
public sealed partial class FileSystemBlobStore : IBlobStore
{
    private const int StripeCount = 64;
    private const int MaxMetadataBytes = 8 * 1024;
    private static readonly JsonSerializerOptions SidecarJson = new(JsonSerializerDefaults.Web);

    private readonly string _root;
    private readonly string _metaRoot;
    private readonly string _stagingRoot;
    private readonly string _tempRoot;
    private readonly TimeProvider _time;
    private readonly Lock[] _stripes;

    // Writes hold a container's gate shared while they check that it exists and create directories in it; a container
    // delete holds it alone while it renames the directories away. Without it a write racing the delete recreated
    // them, and the container came back as an orphan that the next asset taking its name would adopt.
    private readonly ReaderWriterLockSlim[] _containerGates;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _containerWrites = new(StringComparer.Ordinal);

    public FileSystemBlobStore(RegionContext region, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _root = Path.GetFullPath(Path.Combine(region.Options.DataDirectory, "blobs"));
        _metaRoot = Path.Combine(_root, ".meta");
        _stagingRoot = Path.Combine(_root, ".staging");
        _tempRoot = Path.Combine(_root, ".tmp");
        AccountName = region.Name.Replace("-", "", StringComparison.Ordinal);
        _stripes = new Lock[StripeCount];
        _containerGates = new ReaderWriterLockSlim[StripeCount];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Lock();
            _containerGates[i] = new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion);
        }

        Directory.CreateDirectory(_root);

        // Leftovers of interrupted writes and container deletes are never part of a blob.
        RemoveDirectory(_tempRoot);
        foreach (var doomed in Directory.EnumerateDirectories(_root, ".deleting-*"))
        {
            RemoveDirectory(doomed);
        }

        Directory.CreateDirectory(_tempRoot);
        RemoveAbandonedBlocks();
    }

    /// <summary>How long staged blocks of a blob live without a new block or a commit. Azure keeps them a week.</summary>
    public static TimeSpan StagedBlockLifetime { get; } = TimeSpan.FromDays(7);

    public string AccountName { get; }

    /// <summary>The directory that holds the containers.</summary>
    public string Root => _root;

    public void CreateContainer(string container) => Directory.CreateDirectory(ContainerPath(container));

    /// <inheritdoc />
    /// <remarks>Every write renames a finished file into the container directory and a delete unlinks one, so the
    /// directory's change time moves with each of them (POSIX rename(2), unlink(2)); that covers other processes and
    /// restarts. File systems with coarse timestamps can give two writes one time, so this store's own writes also count.</remarks>
    public string? ContainerVersion(string container)
    {
        var path = ContainerPath(container);
        var info = new DirectoryInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        var writes = _containerWrites.TryGetValue(container, out var count) ? count : 0;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{info.LastWriteTimeUtc.Ticks}.{writes}");
    }

    // Counted after the rename or unlink, so a reader that saw the new count also sees the change.
    private void Wrote(string container) => _containerWrites.AddOrUpdate(container, 1, static (_, count) => count + 1);

    public bool ContainerExists(string container) => BlobNames.IsValidContainer(container) && Directory.Exists(ContainerPath(container));

    public Task<bool> DeleteContainerAsync(string container, CancellationToken cancellationToken = default)
    {
        var path = ContainerPath(container);
        var existed = Directory.Exists(path);

        // Rename first so a half-finished delete never looks like a live container.
        var doomed = new List<string>();
        var gate = ContainerGate(container);
        gate.EnterWriteLock();
        try
        {
            foreach (var dir in new[] { path, Path.Combine(_metaRoot, container), Path.Combine(_stagingRoot, container) })
            {
                if (Directory.Exists(dir))
                {
                    var aside = Path.Combine(_root, $".deleting-{container}-{Guid.NewGuid():N}");
                    Directory.Move(dir, aside);
                    doomed.Add(aside);
                }
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }

        foreach (var aside in doomed)
        {
            Directory.Delete(aside, recursive: true);
        }

        return Task.FromResult(existed);
    }

    /// <summary>The directory of a container; the name is validated, so the path stays under the root.</summary>
    public string ContainerPath(string container)
    {
        BlobNames.RequireContainer(container);
        return Path.Combine(_root, container);
    }

    public BlobInfo? GetInfo(string container, string name)
    {
        var dir = ExistingContainer(container);
        var path = BlobPath(dir, name);
        lock (Stripe(container, name))
        {
            return ReadInfo(name, path, MetaPath(container, name));
        }
    }

    public BlobReadHandle? OpenRead(string container, string name)
    {
        var dir = ExistingContainer(container);
        var path = BlobPath(dir, name);
        var metaPath = MetaPath(container, name);
        lock (Stripe(container, name))
        {
            // Under the blob's lock, so the sidecar read is the one of the version opened.
            return OpenFile(path, (file, length, ticks) => new BlobReadHandle(file, Describe(name, metaPath, length, ticks)));
        }
    }

    public BlobReadHandle? OpenContent(string container, string name)
    {
        var dir = ExistingContainer(container);
        var path = BlobPath(dir, name);
        var metaPath = MetaPath(container, name);

        // No lock and no sidecar read: opening is atomic against the rename that replaces a blob. Describe checks that the
        // sidecar it reads later is that of the opened bytes (length and time), and describes the bytes alone otherwise.
        return OpenFile(path, (file, length, ticks) => new BlobReadHandle(file, length, () => Describe(name, metaPath, length, ticks)));
    }

    private static BlobReadHandle? OpenFile(string path, Func<SafeFileHandle, long, long, BlobReadHandle> handle)
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // UnauthorizedAccessException: the name is a directory (a prefix of other blobs), not a blob.
            return null;
        }

        try
        {
            return handle(file, RandomAccess.GetLength(file), File.GetLastWriteTimeUtc(file).Ticks);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public BlobInfo SetContentProperties(string container, string name, BlobContentProperties content, BlobConditions? conditions = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Update(container, name, conditions, (sidecar, now) => sidecar with
        {
            Content = content with { ContentMd5 = content.ContentMd5 ?? sidecar.Content.ContentMd5 },
            LastModified = now,
            ETag = NewETag(),
        });
    }

    public BlobInfo SetMetadata(string container, string name, IReadOnlyDictionary<string, string> metadata, BlobConditions? conditions = null)
    {
        var checkedMetadata = CheckMetadata(metadata);
        return Update(container, name, conditions, (sidecar, now) => sidecar with
        {
            Metadata = checkedMetadata,
            LastModified = now,
            ETag = NewETag(),
        });
    }

    public bool DeleteBlob(string container, string name, BlobConditions? conditions = null)
    {
        var dir = ExistingContainer(container);
        var path = BlobPath(dir, name);
        var metaPath = MetaPath(container, name);
        lock (Stripe(container, name))
        {
            var current = ReadInfo(name, path, metaPath);
            if (current is null)
            {
                return false;
            }

            conditions?.CheckWrite(current);
            File.Delete(path);
            File.Delete(metaPath);
            Wrote(container);
        }

        DropStagedBlocks(container, name);
        PruneEmptyDirectories(dir, Path.GetDirectoryName(path)!);
        return true;
    }

    /// <summary>
    /// Puts a complete temporary file in place as the blob: checks the preconditions, writes the sidecar, renames the file.
    /// The caller deletes <paramref name="tempFile"/> if this throws.
    /// </summary>
    private BlobInfo Commit(string container, string name, string tempFile, long length, string md5, BlobWriteOptions options) =>
        WhileContainerStands(container, () => CommitInContainer(container, name, tempFile, length, md5, options));

    private BlobInfo CommitInContainer(string container, string name, string tempFile, long length, string md5, BlobWriteOptions options)
    {
        var dir = ExistingContainer(container);
        var path = BlobPath(dir, name);
        var metaPath = MetaPath(container, name);
        var metadata = CheckMetadata(options.Metadata);
        var fileTicks = File.GetLastWriteTimeUtc(tempFile).Ticks;
        lock (Stripe(container, name))
        {
            var current = ReadInfo(name, path, metaPath);
            options.Conditions?.CheckWrite(current);
            if (Directory.Exists(path))
            {
                throw Conflict(name);
            }

            var now = _time.GetUtcNow();
            var sidecar = new BlobSidecar
            {
                Length = length,
                FileTicks = fileTicks,
                ETag = NewETag(),
                Created = current?.Created ?? now,
                LastModified = now,
                Content = options.Content with { ContentMd5 = md5 },
                Metadata = metadata,
            };

            var previous = File.Exists(metaPath) ? File.ReadAllBytes(metaPath) : null;
            WriteSidecar(metaPath, sidecar);
            try
            {
                MoveIntoPlace(tempFile, path, name);
                Wrote(container);
            }
            catch
            {
                // Keep the old blob described by its own sidecar.
                if (previous is null)
                {
                    File.Delete(metaPath);
                }
                else
                {
                    WriteFileAtomically(metaPath, previous);
                }

                throw;
            }

            return sidecar.ToInfo(name);
        }
    }

    private BlobInfo Update(string container, string name, BlobConditions? conditions, Func<BlobSidecar, DateTimeOffset, BlobSidecar> change) =>
        WhileContainerStands(container, () => UpdateInContainer(container, name, conditions, change));

    private BlobInfo UpdateInContainer(string container, string name, BlobConditions? conditions, Func<BlobSidecar, DateTimeOffset, BlobSidecar> change)
    {
        var dir = ExistingContainer(container);
        var path = BlobPath(dir, name);
        var metaPath = MetaPath(container, name);
        lock (Stripe(container, name))
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw BlobStorageException.BlobNotFound();
            }

            var current = Describe(name, metaPath, file.Length, file.LastWriteTimeUtc.Ticks);
            conditions?.CheckWrite(current);
            var sidecar = new BlobSidecar
            {
                Length = file.Length,
                FileTicks = file.LastWriteTimeUtc.Ticks,
                ETag = current.ETag,
                Created = current.Created,
                LastModified = current.LastModified,
                Content = current.Content,
                Metadata = new Dictionary<string, string>(current.Metadata, StringComparer.OrdinalIgnoreCase),
            };
            var updated = change(sidecar, _time.GetUtcNow());
            WriteSidecar(metaPath, updated);
            return updated.ToInfo(name);
        }
    }

    /// <summary>The blob's properties from its content file and sidecar, or null if there is no content file.</summary>
    private BlobInfo? ReadInfo(string name, string path, string metaPath)
    {
        var file = new FileInfo(path);
        return file.Exists ? Describe(name, metaPath, file.Length, file.LastWriteTimeUtc.Ticks) : null;
    }

    private static BlobInfo Describe(string name, string metaPath, long length, long fileTicks)
    {
        var sidecar = ReadSidecar(metaPath);
        if (sidecar is not null && sidecar.Describes(length, fileTicks))
        {
            return sidecar.ToInfo(name);
        }

        // No sidecar, or a stale one: describe the file itself.
        var modified = new DateTimeOffset(fileTicks, TimeSpan.Zero);
        return new BlobInfo
        {
            Name = name,
            Length = length,
            Created = modified,
            LastModified = modified,
            ETag = $"\"0x{fileTicks:X}{length:X}\"",
        };
    }

    private static BlobSidecar? ReadSidecar(string metaPath)
    {
        try
        {
            return JsonSerializer.Deserialize<BlobSidecar>(File.ReadAllBytes(metaPath), SidecarJson);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    private void WriteSidecar(string metaPath, BlobSidecar sidecar) =>
        WriteFileAtomically(metaPath, JsonSerializer.SerializeToUtf8Bytes(sidecar, SidecarJson));

    private void WriteFileAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = NewTempPath();
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Renames a finished file to the blob's path, creating the directories of the name.</summary>
    private static void MoveIntoPlace(string tempFile, string path, string name)
    {
        var parent = Path.GetDirectoryName(path)!;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(parent);
                File.Move(tempFile, path, overwrite: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
                // A delete pruned the parent directory between the two calls.
            }
            catch (IOException ex) when (ex is not DirectoryNotFoundException && (Directory.Exists(path) || IsBlockedByFile(parent)))
            {
                throw Conflict(name);
            }
        }
    }

    private static bool IsBlockedByFile(string directory)
    {
        for (var dir = directory; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir))
            {
                return true;
            }
        }

        return false;
    }

    private static void PruneEmptyDirectories(string containerDir, string directory)
    {
        for (var dir = directory; dir.Length > containerDir.Length && dir.StartsWith(containerDir, StringComparison.Ordinal);
            dir = Path.GetDirectoryName(dir)!)
        {
            try
            {
                Directory.Delete(dir, recursive: false);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    /// <summary>The container's directory; 400 for an invalid name, 404 <c>ContainerNotFound</c> if it does not exist.</summary>
    private string ExistingContainer(string container)
    {
        if (!BlobNames.IsValidContainer(container))
        {
            throw new BlobStorageException(400, BlobErrorCodes.InvalidResourceName, "The specified resource name contains invalid characters.");
        }

        var path = Path.Combine(_root, container);
        return Directory.Exists(path) ? path : throw BlobStorageException.ContainerNotFound();
    }

    /// <summary>The content path of a blob: the name is validated, and the full path is checked to be inside the container.</summary>
    private static string BlobPath(string containerDir, string name)
    {
        BlobNames.RequireBlobName(name);
        var path = Path.GetFullPath(Path.Combine(containerDir, name.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(containerDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BlobStorageException(400, BlobErrorCodes.InvalidResourceName, "The specified blob name is not valid.");
        }

        return path;
    }

    private string MetaPath(string container, string name)
    {
        var hash = Hash(name);
        return Path.Combine(_metaRoot, container, hash[..2], hash + ".json");
    }

    private string StagingPath(string container, string name) => Path.Combine(_stagingRoot, container, Hash(name));

    private string NewTempPath() => Path.Combine(_tempRoot, Guid.NewGuid().ToString("N"));

    private Lock Stripe(string container, string name) =>
        _stripes[(uint)HashCode.Combine(StringComparer.Ordinal.GetHashCode(container), StringComparer.Ordinal.GetHashCode(name)) % StripeCount];

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string NewETag() => $"\"0x{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}\"";

    private static BlobStorageException Conflict(string name) => new(409, BlobErrorCodes.PathConflict,
        $"The blob name '{name}' conflicts with an existing blob: a name cannot be both a blob and a '/'-separated prefix of another blob.");

    private static Dictionary<string, string> CheckMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (metadata is null)
        {
            return result;
        }

        var size = 0;
        foreach (var (key, value) in metadata)
        {
            if (!MetadataName().IsMatch(key) || value.Any(c => char.IsControl(c) || c > '\u007e') || !result.TryAdd(key, value))
            {
                throw new BlobStorageException(400, BlobErrorCodes.InvalidMetadata,
                    $"The metadata '{key}' is not valid: names are C# identifiers, values printable ASCII, each name once.");
            }

            size += key.Length + value.Length;
        }

        return size <= MaxMetadataBytes ? result :
            throw new BlobStorageException(400, BlobErrorCodes.InvalidMetadata, $"The metadata is larger than {MaxMetadataBytes} bytes.");
    }

    /// <summary>Deletes the staged blocks of uploads abandoned for longer than <see cref="StagedBlockLifetime"/>.</summary>
    private void RemoveAbandonedBlocks()
    {
        if (!Directory.Exists(_stagingRoot))
        {
            return;
        }

        var cutoff = (_time.GetUtcNow() - StagedBlockLifetime).UtcDateTime;
        foreach (var blob in Directory.EnumerateDirectories(_stagingRoot, "*", new EnumerationOptions { RecurseSubdirectories = false })
            .SelectMany(container => Directory.EnumerateDirectories(container)))
        {
            if (Directory.GetLastWriteTimeUtc(blob) < cutoff)
            {
                RemoveDirectory(blob);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (which checks that the container exists, and may create directories in it) so that
    /// no container delete runs meanwhile. <paramref name="work"/> must be synchronous: the gate belongs to the thread.
    /// </summary>
    private T WhileContainerStands<T>(string container, Func<T> work)
    {
        var gate = ContainerGate(container);
        gate.EnterReadLock();
        try
        {
            return work();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private ReaderWriterLockSlim ContainerGate(string container) =>
        _containerGates[(StringComparer.Ordinal.GetHashCode(container) & int.MaxValue) % _containerGates.Length];

    /// <summary>
    /// Removes a blob's staged blocks once the blob is committed or deleted. The change stands either way, so a block
    /// staged at the same moment (which makes the recursive delete fail) is left for the sweep of abandoned blocks.
    /// </summary>
    private void DropStagedBlocks(string container, string name)
    {
        try
        {
            RemoveDirectory(StagingPath(container, name));
        }
        catch (IOException)
        {
        }
    }

    private static void RemoveDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,255}$")]
    private static partial Regex MetadataName();
}
