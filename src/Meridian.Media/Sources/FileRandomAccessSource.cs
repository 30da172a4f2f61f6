using Microsoft.Win32.SafeHandles;

namespace Meridian.Media.Sources;

/// <summary>
/// A local file read with <see cref="RandomAccess"/>: positional reads on one handle, safe for concurrent use.
/// </summary>
/// <remarks>
/// Reads are synchronous <c>pread</c>s, as the origin's blob reads are: on Linux the asynchronous call is the same blocking
/// read moved to another thread-pool thread, and for page-cache hits that hop costs more than the read.
/// </remarks>
public sealed class FileRandomAccessSource : IRandomAccessSource, IDisposable
{
    private readonly SafeFileHandle _handle;

    private FileRandomAccessSource(SafeFileHandle handle, long length)
    {
        _handle = handle;
        Length = length;
    }

    /// <inheritdoc />
    public long Length { get; }

    /// <summary>Opens <paramref name="path"/> for shared reading.</summary>
    public static FileRandomAccessSource Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return new FileRandomAccessSource(handle, RandomAccess.GetLength(handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= Length || buffer.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(RandomAccess.Read(_handle, buffer.Span, offset));
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
