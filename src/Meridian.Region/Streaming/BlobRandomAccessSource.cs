using Meridian.Media.Sources;
using Meridian.Region.Storage;

namespace Meridian.Region.Streaming;

/// <summary>Lets the media library read byte ranges of a stored blob.</summary>
/// <remarks>
/// Reads are synchronous <c>pread</c>s: on Linux, <see cref="RandomAccess.ReadAsync(Microsoft.Win32.SafeHandles.SafeFileHandle, Memory{byte}, long, CancellationToken)"/>
/// is the same blocking call moved to another thread-pool thread, and segment reads are mostly page-cache hits, so the hop
/// costs more than it saves.
/// </remarks>
public sealed class BlobRandomAccessSource(BlobReadHandle handle) : IRandomAccessSource, IDisposable
{
    public long Length => handle.Length;

    public ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(handle.Read(offset, buffer.Span));
    }

    public void Dispose() => handle.Dispose();
}
