using Meridian.Media.Sources;
using Meridian.Region.Storage;

namespace Meridian.Region.Streaming;

/// <summary>Lets the media library read byte ranges of a stored blob.</summary>
public sealed class BlobRandomAccessSource(BlobReadHandle handle) : IRandomAccessSource, IDisposable
{
    public long Length => handle.Length;

    public ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        handle.ReadAsync(offset, buffer, cancellationToken);

    public void Dispose() => handle.Dispose();
}
