using System.Buffers;
using Meridian.Media.Indexing;

namespace Meridian.Media.Sources;

/// <summary>Reads the bytes of a run of samples into one pooled buffer, coalescing samples stored back to back into one read.</summary>
internal static class SampleDataReader
{
    /// <summary>Largest sample payload assembled in memory for one segment. 256 MiB.</summary>
    public const int MaxSegmentBytes = 256 * 1024 * 1024;

    /// <summary>Rents a buffer holding the samples' bytes in order; the caller returns it to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static async ValueTask<byte[]> ReadAsync(
        IRandomAccessSource source, SampleIndex samples, int first, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, samples.Count - count);
        var total = TotalBytes(samples, first, count);
        var data = ArrayPool<byte>.Shared.Rent(Math.Max(total, 1));
        try
        {
            await ReadIntoAsync(source, samples, first, count, data, cancellationToken);
            return data;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(data);
            throw;
        }
    }

    /// <summary>Total bytes of a run of samples, refused past <see cref="MaxSegmentBytes"/>.</summary>
    public static int TotalBytes(SampleIndex samples, int first, int count)
    {
        long total = 0;
        for (var i = first; i < first + count; i++)
        {
            total += samples.Sizes[i];
        }

        return total > MaxSegmentBytes
            ? throw new MediaFormatException($"Samples {first}..{first + count - 1} hold {total} bytes, more than a segment may.")
            : (int)total;
    }

    /// <summary>Reads the samples' bytes in order into <paramref name="destination"/> (at least their total size).</summary>
    public static async ValueTask ReadIntoAsync(
        IRandomAccessSource source, SampleIndex samples, int first, int count, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var position = 0;
        var i = first;
        var end = first + count;
        while (i < end)
        {
            var runStart = samples.Offsets[i];
            var runLength = (long)samples.Sizes[i];
            var j = i + 1;
            while (j < end && samples.Offsets[j] == runStart + runLength)
            {
                runLength += samples.Sizes[j];
                j++;
            }

            await source.ReadExactlyAtAsync(runStart, destination.Slice(position, (int)runLength), cancellationToken);
            position += (int)runLength;
            i = j;
        }
    }
}
