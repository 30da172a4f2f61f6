namespace Meridian.Media.Isobmff;

/// <summary>One <c>sidx</c> reference, ISO/IEC 14496-12 §8.16.3.</summary>
public readonly record struct SegmentReference(
    bool ReferencesIndex, uint ReferencedSize, uint SubsegmentDuration, bool StartsWithSap, byte SapType, uint SapDeltaTime);
