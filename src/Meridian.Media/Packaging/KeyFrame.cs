namespace Meridian.Media.Packaging;

/// <summary>A sync sample, for HLS I-frame playlists.</summary>
/// <param name="Sample">Index in the track's sample index.</param>
/// <param name="Start">Presentation time in 100-ns units (clamped to its segment's start).</param>
/// <param name="TrackTime">Presentation time in the track timescale (clamped like <paramref name="Start"/>).</param>
/// <param name="Duration">Until the next sync sample or the end of its segment, 100-ns units.</param>
/// <param name="Offset">File offset of the sample data in the source MP4.</param>
/// <param name="Size">Sample size in bytes.</param>
public readonly record struct KeyFrame(int Sample, long Start, long TrackTime, long Duration, long Offset, uint Size);
