namespace Meridian.Media.Packaging;

/// <summary>The segmentation of a whole presentation. Immutable; the origin caches it with the presentation.</summary>
public sealed class SegmentPlan
{
    private readonly Dictionary<PresentationTrack, TrackSegments> _tracks;

    internal SegmentPlan(Presentation presentation, SegmentPlanOptions options, Dictionary<PresentationTrack, TrackSegments> tracks, bool videoAligned)
    {
        Presentation = presentation;
        Options = options;
        _tracks = tracks;
        VideoAligned = videoAligned;
        Duration = tracks.Count == 0 ? 0 : tracks.Values.Max(t => t.End);
    }

    public Presentation Presentation { get; }

    public SegmentPlanOptions Options { get; }

    /// <summary>True when every video track shares the segment boundaries of the first (highest bitrate) one.</summary>
    public bool VideoAligned { get; }

    /// <summary>End of the longest track, 100-ns units.</summary>
    public long Duration { get; }

    public TrackSegments this[PresentationTrack track] =>
        _tracks.TryGetValue(track, out var segments) ? segments : throw new ArgumentException($"{track} is not part of this plan.", nameof(track));

    /// <summary>True when both tracks have the same segment start times (one timeline in DASH/Smooth).</summary>
    public bool SameTimeline(PresentationTrack a, PresentationTrack b)
    {
        var x = this[a].Segments;
        var y = this[b].Segments;
        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (x[i].Start != y[i].Start || x[i].Duration != y[i].Duration)
            {
                return false;
            }
        }

        return true;
    }
}
