namespace Meridian.Media.Isobmff;

/// <summary>
/// <c>tkhd</c> fields, ISO/IEC 14496-12 §8.3.2. <see cref="Width"/> and <see cref="Height"/> stay in 16.16 fixed point so
/// they can be written back unchanged.
/// </summary>
public sealed record TrackHeader(
    uint TrackId, uint Flags, long Duration, short Layer, short AlternateGroup, short Volume, uint Width, uint Height);
