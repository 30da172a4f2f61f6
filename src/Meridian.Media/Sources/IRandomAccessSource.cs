namespace Meridian.Media.Sources;

/// <summary>
/// A read-only blob addressed by offset (a local file, a blob-store object read with HTTP ranges).
/// </summary>
/// <remarks>
/// Packaging reads only box headers, the <c>moov</c>/<c>moof</c> boxes and the sample bytes of one segment, so the
/// abstraction is positional reads rather than a <see cref="Stream"/>: no shared cursor, safe for concurrent requests.
/// </remarks>
public interface IRandomAccessSource
{
    /// <summary>Total length in bytes.</summary>
    long Length { get; }

    /// <summary>
    /// Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; returns the count read, which is
    /// smaller only at the end of the source.
    /// </summary>
    ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);
}
