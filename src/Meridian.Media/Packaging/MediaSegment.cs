namespace Meridian.Media.Packaging;

/// <summary>
/// One segment of one track: a run of samples in decode order. Times are presentation times (decode time + composition
/// offset − edit media time) of the first sample, on the common 100-ns timeline and in the track timescale.
/// </summary>
/// <param name="Index">0-based position in the track's segment list (the HLS media sequence number).</param>
/// <param name="FirstSample">Index of the first sample in the track's <see cref="Indexing.SampleIndex"/>.</param>
/// <param name="SampleCount">Number of samples.</param>
/// <param name="Start">Start in 100-ns units; what <c>Fragments(name=Start)</c> URLs carry.</param>
/// <param name="Duration">Duration in 100-ns units; the start of the next segment minus <see cref="Start"/>.</param>
/// <param name="TrackStart">Start in the track timescale.</param>
/// <param name="TrackDuration">Duration in the track timescale.</param>
/// <param name="BaseDecodeTime">Decode time of the first sample as stored in the file (for <c>tfdt</c>).</param>
public readonly record struct MediaSegment(
    int Index, int FirstSample, int SampleCount, long Start, long Duration, long TrackStart, long TrackDuration, long BaseDecodeTime)
{
    public long End => Start + Duration;

    public long TrackEnd => TrackStart + TrackDuration;
}
