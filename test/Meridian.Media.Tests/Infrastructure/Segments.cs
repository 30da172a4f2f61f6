using System.Buffers;
using Meridian.Media.Cmaf;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;

namespace Meridian.Media.Tests.Infrastructure;

/// <summary>Packages a track into init + media segments split at sync samples, as the origin will.</summary>
public static class Segments
{
    public static byte[] Init(TrackInfo track)
    {
        var buffer = new ArrayBufferWriter<byte>();
        CmafInitSegmentWriter.Write(track, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static async Task<byte[]> MediaAsync(IRandomAccessSource source, TrackInfo track, int first, int count, uint sequence)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await CmafMediaSegmentWriter.WriteAsync(source, track, first, count, sequence, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Init followed by one segment per group of pictures (or per <paramref name="audioChunk"/> samples when all are sync).</summary>
    public static async Task<byte[]> WholeTrackAsync(IRandomAccessSource source, TrackInfo track, int audioChunk = 94)
    {
        using var output = new MemoryStream();
        output.Write(Init(track));
        var samples = track.Samples;
        var first = 0;
        uint sequence = 1;
        while (first < samples.Count)
        {
            var end = first + 1;
            while (end < samples.Count && !(samples.IsSync(end) && (track.IsVideo || end - first >= audioChunk)))
            {
                end++;
            }

            output.Write(await MediaAsync(source, track, first, end - first, sequence++));
            first = end;
        }

        return output.ToArray();
    }
}
