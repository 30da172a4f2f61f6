namespace Meridian.Media.Isobmff;

/// <summary>
/// A <c>sidx</c>, ISO/IEC 14496-12 §8.16.3. <see cref="FirstOffset"/> is resolved to an absolute file offset (the
/// spec counts it from the first byte after the <c>sidx</c>).
/// </summary>
public sealed record SegmentIndexBox(
    uint ReferenceId, uint Timescale, long EarliestPresentationTime, long FirstOffset, IReadOnlyList<SegmentReference> References);
