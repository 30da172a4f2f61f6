namespace Meridian.Media.Isobmff;

/// <summary><c>trex</c> defaults for fragments of one track, ISO/IEC 14496-12 §8.8.3.</summary>
public sealed record TrackExtends(
    uint TrackId, uint DefaultSampleDescriptionIndex, uint DefaultSampleDuration, uint DefaultSampleSize, uint DefaultSampleFlags);
