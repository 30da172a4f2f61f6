using Meridian.Media.Indexing;

namespace Meridian.Media.Packaging;

/// <summary>The segments of one presentation track, contiguous from <see cref="Start"/> to <see cref="End"/>.</summary>
public sealed class TrackSegments
{
    private readonly MediaSegment[] _segments;
    private readonly long[] _starts;

    internal TrackSegments(PresentationTrack track, MediaSegment[] segments)
    {
        Track = track;
        _segments = segments;
        _starts = [.. segments.Select(s => s.Start)];
    }

    public PresentationTrack Track { get; }

    public IReadOnlyList<MediaSegment> Segments => _segments;

    /// <summary>Start of the first segment, 100-ns units (never negative).</summary>
    public long Start => _segments.Length == 0 ? 0 : _segments[0].Start;

    public long End => _segments.Length == 0 ? 0 : _segments[^1].End;

    public long Duration => End - Start;

    /// <summary>The longest segment, 100-ns units (for <c>EXT-X-TARGETDURATION</c>).</summary>
    public long MaxSegmentDuration => _segments.Length == 0 ? 0 : _segments.Max(s => s.Duration);

    /// <summary>
    /// The highest per-segment bit rate and the average one, in bits per second, with each segment's size in bytes from
    /// <paramref name="bytesOf"/>: <see cref="Bytes"/> for the sample payload, or what a container sends.
    /// </summary>
    public (long Peak, long Average) Bitrates(Func<MediaSegment, long> bytesOf)
    {
        ArgumentNullException.ThrowIfNull(bytesOf);
        long bytes = 0;
        long peak = 0;
        foreach (var s in _segments)
        {
            var size = bytesOf(s);
            bytes += size;
            if (s.Duration > 0)
            {
                peak = Math.Max(peak, BitsPerSecond(size, s.Duration));
            }
        }

        return (peak, Duration > 0 ? BitsPerSecond(bytes, Duration) : 0);
    }

    /// <summary>The segment starting exactly at <paramref name="start"/> (100-ns units), or null: the origin then answers
    /// <c>MPE_FRAGMENT_TIMESTAMP_NOT_FOUND</c>.</summary>
    public MediaSegment? FindByStart(long start)
    {
        var i = Array.BinarySearch(_starts, start);
        return i >= 0 ? _segments[i] : null;
    }

    /// <summary>The segment starting exactly at <paramref name="trackTime"/> in the track timescale, or null.</summary>
    public MediaSegment? FindByTrackStart(long trackTime)
    {
        var lo = 0;
        var hi = _segments.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var t = _segments[mid].TrackStart;
            if (t == trackTime)
            {
                return _segments[mid];
            }

            if (t < trackTime)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    /// <summary>The segment holding sample <paramref name="sample"/> (decode order), or null when out of range.</summary>
    public MediaSegment? FindBySample(int sample)
    {
        var lo = 0;
        var hi = _segments.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = _segments[mid];
            if (sample < s.FirstSample)
            {
                hi = mid - 1;
            }
            else if (sample >= s.FirstSample + s.SampleCount)
            {
                lo = mid + 1;
            }
            else
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>Sum of the sample sizes of a segment.</summary>
    public long Bytes(MediaSegment segment)
    {
        var sizes = Track.Track.Samples.Sizes.Slice(segment.FirstSample, segment.SampleCount);
        long total = 0;
        foreach (var s in sizes)
        {
            total += s;
        }

        return total;
    }

    /// <summary>The sync samples of a segment in decode order.</summary>
    public IReadOnlyList<KeyFrame> KeyFrames(MediaSegment segment)
    {
        var samples = Track.Track.Samples;
        var info = Track.Track;
        var frames = new List<KeyFrame>();
        var end = segment.FirstSample + segment.SampleCount;
        for (var i = segment.FirstSample; i < end; i++)
        {
            if (samples.IsSync(i))
            {
                var trackTime = Math.Max(segment.TrackStart, SegmentPlanner.PresentationTime(info, i));
                var start = Math.Max(segment.Start, Timeline.ToHns(trackTime, info.Timescale));
                frames.Add(new KeyFrame(i, start, trackTime, 0, samples.Offsets[i], samples.Sizes[i]));
            }
        }

        for (var k = 0; k < frames.Count; k++)
        {
            var next = k + 1 < frames.Count ? frames[k + 1].Start : segment.End;
            frames[k] = frames[k] with { Duration = Math.Max(0, next - frames[k].Start) };
        }

        return frames;
    }

    /// <summary>The key frame presented at <paramref name="time"/> (100-ns, or track timescale), or null.</summary>
    public KeyFrame? FindKeyFrame(long time, bool trackTimescale = false)
    {
        var hns = trackTimescale ? Timeline.ToHns(time, Track.Track.Timescale) : time;
        var i = Array.BinarySearch(_starts, hns);
        i = i >= 0 ? i : ~i - 1;
        if (i < 0)
        {
            return null;
        }

        foreach (var frame in KeyFrames(_segments[i]))
        {
            if (trackTimescale ? frame.TrackTime == time : frame.Start == time)
            {
                return frame;
            }
        }

        return null;
    }

    /// <summary>
    /// The samples whose presentation time lies in [<paramref name="start"/>, <paramref name="end"/>) (100-ns), by the
    /// same rule that aligns audio to video: used to mux this track into another track's segment (HLS v3 TS).
    /// </summary>
    public (int First, int Count) SampleRange(long start, long end)
    {
        var first = start <= Start ? 0 : FirstAtOrAfter(start);
        var last = end >= End ? Track.Track.Samples.Count : FirstAtOrAfter(end);
        return (first, Math.Max(0, last - first));
    }

    private int FirstAtOrAfter(long hns)
    {
        var info = Track.Track;
        var count = info.Samples.Count;
        var lo = 0;
        var hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (SegmentPlanner.IsBefore(info, mid, hns))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    internal static long BitsPerSecond(long bytes, long hns) => (long)((Int128)bytes * 8 * Timeline.Timescale / hns);

    internal TrackInfo Info => Track.Track;
}
