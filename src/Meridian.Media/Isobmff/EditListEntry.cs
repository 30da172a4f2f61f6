namespace Meridian.Media.Isobmff;

/// <summary>One <c>elst</c> entry, ISO/IEC 14496-12 §8.6.6. <see cref="MediaTime"/> is -1 for an empty edit.</summary>
public readonly record struct EditListEntry(long SegmentDuration, long MediaTime, int MediaRate);
