namespace Meridian.Media.Indexing;

/// <summary>One sample of a <see cref="SampleIndex"/>, materialised on demand (the index itself stores columns).</summary>
/// <param name="DecodeTime">Decode time in the track timescale, before any edit list.</param>
/// <param name="Duration">Decode duration in the track timescale.</param>
/// <param name="CompositionOffset">Composition minus decode time (signed, ISO/IEC 14496-12 §8.6.1.3).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Offset">Absolute file offset of the sample data.</param>
/// <param name="IsSync">True for a sync (random access) sample.</param>
public readonly record struct SampleInfo(long DecodeTime, uint Duration, int CompositionOffset, uint Size, long Offset, bool IsSync);
