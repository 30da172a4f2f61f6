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
        long total = 0;
        for (var i = first; i < first + count; i++)
        {
            total += samples.Sizes[i];
        }

        if (total > MaxSegmentBytes)
        {
            throw new MediaFormatException($"Samples {first}..{first + count - 1} hold {total} bytes, more than a segment may.");
        }

        var data = ArrayPool<byte>.Shared.Rent((int)Math.Max(total, 1));
        try
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

                await source.ReadExactlyAtAsync(runStart, data.AsMemory(position, (int)runLength), cancellationToken);
                position += (int)runLength;
                i = j;
            }

            return data;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(data);
            throw;
        }
    }
}
