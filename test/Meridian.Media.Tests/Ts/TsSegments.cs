using System.Buffers;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Ts;

namespace Meridian.Media.Tests.Ts;

/// <summary>Splits tracks into segments at video sync samples, as the origin's HLS playlists will, and writes them.</summary>
public static class TsSegments
{
    public sealed record Range(int First, int Count);

    /// <summary>Video ranges per group of pictures; audio ranges cut where the audio presentation time reaches each video cut.</summary>
    public static (List<Range> Video, List<Range> Audio) Split(TrackInfo? video, TrackInfo? audio, int audioChunk = 94)
    {
        var videoRanges = new List<Range>();
        var audioRanges = new List<Range>();
        if (video is not null)
        {
            var s = video.Samples;
            var first = 0;
            while (first < s.Count)
            {
                var end = s.NextSyncSample(first + 1);
                videoRanges.Add(new Range(first, end - first));
                first = end;
            }
        }

        if (audio is not null)
        {
            var a = audio.Samples;
            var first = 0;
            for (var k = 1; k <= videoRanges.Count || (video is null && first < a.Count); k++)
            {
                int end;
                if (video is null)
                {
                    end = Math.Min(a.Count, first + audioChunk);
                }
                else if (k == videoRanges.Count)
                {
                    end = a.Count;
                }
                else
                {
                    // Cut at the first audio sample presented at or after the video cut (rational comparison, no rounding).
                    var cut = (Int128)(video.Samples.DecodeTimes[videoRanges[k].First] - video.EditMediaTime);
                    end = first;
                    while (end < a.Count && (Int128)(a.DecodeTimes[end] - audio.EditMediaTime) * video.Timescale < cut * audio.Timescale)
                    {
                        end++;
                    }
                }

                audioRanges.Add(new Range(first, end - first));
                first = end;
            }
        }

        return (videoRanges, audioRanges);
    }

    public static async Task<byte[]> WriteAsync(
        IRandomAccessSource source, TrackInfo? video, Range? v, TrackInfo? audio, Range? a, long sequence)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await TsSegmentWriter.WriteAsync(
            video is null || v is null ? null : new TsTrackInput(source, video, v.First, v.Count),
            audio is null || a is null || a.Count == 0 ? null : new TsTrackInput(source, audio, a.First, a.Count),
            sequence,
            buffer,
            TestContext.Current.CancellationToken);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Every segment of the given tracks (muxed when both are given), in order, starting at <paramref name="firstSequence"/>.</summary>
    public static async Task<List<byte[]>> AllAsync(IRandomAccessSource source, TrackInfo? video, TrackInfo? audio, long firstSequence = 1)
    {
        var (vr, ar) = Split(video, audio);
        var count = Math.Max(vr.Count, ar.Count);
        var result = new List<byte[]>();
        for (var k = 0; k < count; k++)
        {
            result.Add(await WriteAsync(source, video, k < vr.Count ? vr[k] : null, audio, k < ar.Count ? ar[k] : null, firstSequence + k));
        }

        return result;
    }
}
