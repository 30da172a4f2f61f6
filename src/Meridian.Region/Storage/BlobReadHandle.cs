using Microsoft.Win32.SafeHandles;

namespace Meridian.Region.Storage;

/// <summary>
/// An open committed blob for random-access reads. The content behind the handle never changes: writes replace a blob
/// by renaming a new file over it, so a reader keeps the version it opened, and <see cref="Info"/> describes that version.
/// Reads at different offsets may run concurrently.
/// </summary>
public sealed class BlobReadHandle : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly Func<BlobInfo>? _describe;
    private BlobInfo? _info;

    internal BlobReadHandle(SafeFileHandle file, BlobInfo info)
    {
        _file = file;
        _info = info;
        Length = info.Length;
    }

    // Described when first asked (IBlobStore.OpenContent).
    internal BlobReadHandle(SafeFileHandle file, long length, Func<BlobInfo> describe)
    {
        _file = file;
        _describe = describe;
        Length = length;
    }

    // Readers may race to describe it: each gets a description of the same bytes.
    public BlobInfo Info => _info ??= _describe!();

    public long Length { get; }

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="offset"/>; returns 0 at the end.</summary>
    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        RandomAccess.ReadAsync(_file, buffer, offset, cancellationToken);

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="offset"/>; returns 0 at the end.</summary>
    public int Read(long offset, Span<byte> buffer) => RandomAccess.Read(_file, buffer, offset);

    public void Dispose() => _file.Dispose();
}
