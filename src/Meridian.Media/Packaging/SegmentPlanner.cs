using Meridian.Media.Indexing;

namespace Meridian.Media.Packaging;

/// <summary>
/// Cuts every track of a presentation into segments on the common 100-ns timeline.
/// </summary>
/// <remarks>
/// <para>Video is cut at the sync sample whose presentation time is nearest to the segment start plus the target
/// duration (the end of the track competes as a candidate, so there is no runt tail when stopping is closer). The first
/// (highest bitrate) video track is the reference: every other video track whose sync samples sit at all of the
/// reference's cut times (an AMS GOP-aligned ladder) uses the same times; otherwise it is cut on its own.</para>
/// <para>Audio and text are cut at the first sample whose presentation time is at or after each reference video cut;
/// without video they are cut at the target like video. Presentation time is decode time + composition offset − edit
/// media time; a negative first start (AAC priming) is clamped to 0. Durations come from the sample tables, so a track's
/// segment durations sum exactly to its presented duration.</para>
/// </remarks>
public static class SegmentPlanner
{
    public static SegmentPlan Plan(Presentation presentation, SegmentPlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        options ??= SegmentPlanOptions.Default;
        var targetHns = options.TargetDuration.Ticks;
        if (targetHns <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The target segment duration must be positive.");
        }

        var result = new Dictionary<PresentationTrack, TrackSegments>();
        var video = presentation.Video.Where(t => t.Track.Samples.Count > 0).ToList();
        long[]? referenceCuts = null;
        var aligned = true;
        if (video.Count > 0)
        {
            var reference = video[0];
            var cuts = CutAtTarget(reference.Track, targetHns, syncOnly: true);
            referenceCuts = [.. cuts.Skip(1).Select(i => Timeline.ToHns(PresentationTime(reference.Track, i), reference.Track.Timescale))];
            result[reference] = new TrackSegments(reference, Build(reference.Track, cuts));
            foreach (var track in video.Skip(1))
            {
                var own = AlignToSync(track.Track, referenceCuts);
                aligned &= own is not null;
                own ??= CutAtTarget(track.Track, targetHns, syncOnly: true);
                result[track] = new TrackSegments(track, Build(track.Track, own));
            }
        }

        foreach (var track in presentation.Tracks.Where(t => t.Kind != TrackKind.Video))
        {
            var cuts = track.Track.Samples.Count == 0 ? []
                : referenceCuts is null ? CutAtTarget(track.Track, targetHns, syncOnly: false)
                : AlignToTimes(track.Track, referenceCuts);
            result[track] = new TrackSegments(track, Build(track.Track, cuts));
        }

        foreach (var track in presentation.Video.Where(t => t.Track.Samples.Count == 0))
        {
            result[track] = new TrackSegments(track, []);
        }

        return new SegmentPlan(presentation, options, result, aligned);
    }

    /// <summary>Presentation time of a sample in the track timescale: decode + composition offset − edit media time.</summary>
    public static long PresentationTime(TrackInfo track, int sample)
    {
        ArgumentNullException.ThrowIfNull(track);
        return track.Samples.DecodeTimes[sample] + track.Samples.CompositionOffsets[sample] - track.EditMediaTime;
    }

    /// <summary>True when the sample is presented strictly before <paramref name="hns"/> (exact, no rounding).</summary>
    internal static bool IsBefore(TrackInfo track, int sample, long hns) =>
        (Int128)PresentationTime(track, sample) * Timeline.Timescale < (Int128)hns * track.Timescale;

    private static List<int> CutAtTarget(TrackInfo track, long targetHns, bool syncOnly)
    {
        var samples = track.Samples;
        var target = Math.Max(1, Timeline.Rescale(targetHns, Timeline.Timescale, track.Timescale));
        var end = PresentationTime(track, 0) + track.Duration;
        var candidates = new List<int>();
        for (var i = 1; i < samples.Count; i++)
        {
            if (!syncOnly || samples.IsSync(i))
            {
                candidates.Add(i);
            }
        }

        var cuts = new List<int> { 0 };
        var segmentStart = PresentationTime(track, 0);
        var next = 0;
        while (next < candidates.Count)
        {
            var goal = segmentStart + target;
            var hi = next;
            while (hi < candidates.Count && PresentationTime(track, candidates[hi]) < goal)
            {
                hi++;
            }

            // The end of the track is the last candidate: stopping wins when it is nearer the goal than any cut.
            var hiTime = hi < candidates.Count ? PresentationTime(track, candidates[hi]) : end;
            int pick;
            if (hi == next)
            {
                pick = hi;
            }
            else
            {
                var loTime = PresentationTime(track, candidates[hi - 1]);
                pick = goal - loTime <= hiTime - goal ? hi - 1 : hi;
            }

            if (pick >= candidates.Count)
            {
                break;
            }

            cuts.Add(candidates[pick]);
            segmentStart = PresentationTime(track, candidates[pick]);
            next = pick + 1;
        }

        return cuts;
    }

    // Uses the reference cut times when this track has a sync sample at each of them; null otherwise.
    private static List<int>? AlignToSync(TrackInfo track, long[] referenceCuts)
    {
        var samples = track.Samples;
        var syncAt = new Dictionary<long, int>();
        for (var i = 1; i < samples.Count; i++)
        {
            if (samples.IsSync(i))
            {
                syncAt.TryAdd(Timeline.ToHns(PresentationTime(track, i), track.Timescale), i);
            }
        }

        var cuts = new List<int>(referenceCuts.Length + 1) { 0 };
        foreach (var time in referenceCuts)
        {
            if (!syncAt.TryGetValue(time, out var sample) || sample <= cuts[^1])
            {
                return null;
            }

            cuts.Add(sample);
        }

        return cuts;
    }

    private static List<int> AlignToTimes(TrackInfo track, long[] boundaries)
    {
        var count = track.Samples.Count;
        var cuts = new List<int> { 0 };
        var i = 0;
        foreach (var boundary in boundaries)
        {
            while (i < count && IsBefore(track, i, boundary))
            {
                i++;
            }

            if (i >= count)
            {
                break;
            }

            if (i > cuts[^1])
            {
                cuts.Add(i);
            }
        }

        return cuts;
    }

    private static MediaSegment[] Build(TrackInfo track, List<int> cuts)
    {
        var count = track.Samples.Count;
        var trackEnd = PresentationTime(track, 0) + track.Duration;
        var segments = new MediaSegment[cuts.Count];
        var previousEnd = long.MinValue;
        for (var k = 0; k < cuts.Count; k++)
        {
            var first = cuts[k];
            var last = k + 1 < cuts.Count ? cuts[k + 1] : count;
            var start = k == 0 ? Math.Max(0, PresentationTime(track, first)) : previousEnd;
            var end = k + 1 < cuts.Count ? PresentationTime(track, cuts[k + 1]) : trackEnd;
            end = Math.Max(end, start);
            var startHns = Timeline.ToHns(start, track.Timescale);
            var endHns = Timeline.ToHns(end, track.Timescale);
            segments[k] = new MediaSegment(k, first, last - first, startHns, endHns - startHns, start, end - start, track.Samples.DecodeTimes[first]);
            previousEnd = end;
        }

        return segments;
    }
}
