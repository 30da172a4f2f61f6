namespace Meridian.Media.Isobmff;

/// <summary><c>mdhd</c> fields, ISO/IEC 14496-12 §8.4.2; <see cref="Language"/> is the ISO 639-2/T code, e.g. "und".</summary>
public sealed record MediaHeader(uint Timescale, long Duration, string Language);
