namespace Meridian.Media.Sources;

/// <summary>Helpers shared by everything that reads a <see cref="IRandomAccessSource"/>.</summary>
public static class RandomAccessSourceExtensions
{
    /// <summary>
    /// Fills <paramref name="buffer"/> from <paramref name="offset"/>, looping over short reads.
    /// </summary>
    /// <exception cref="MediaFormatException">The source ends first: the file is truncated relative to what its boxes claim.</exception>
    public static async ValueTask ReadExactlyAtAsync(
        this IRandomAccessSource source, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var done = 0;
        while (done < buffer.Length)
        {
            var read = await source.ReadAtAsync(offset + done, buffer[done..], cancellationToken);
            if (read <= 0)
            {
                throw new MediaFormatException(
                    $"Unexpected end of media at offset {offset + done}: needed {buffer.Length} bytes at {offset}, source length {source.Length}.");
            }

            done += read;
        }
    }
}
