namespace Meridian.Media.Isobmff;

/// <summary><c>mvhd</c> fields the packager needs, ISO/IEC 14496-12 §8.2.2.</summary>
public sealed record MovieHeader(uint Timescale, long Duration, uint NextTrackId);
