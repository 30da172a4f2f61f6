namespace Meridian.Media.Isobmff;

/// <summary>Parses a <c>sidx</c> payload, ISO/IEC 14496-12 §8.16.3.</summary>
internal static class SegmentIndexParser
{
    public static SegmentIndexBox Parse(ReadOnlySpan<byte> payload, long sidxEnd)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Sidx);
        var (version, _) = r.ReadFullBoxHeader();
        var referenceId = r.ReadUInt32();
        var timescale = r.ReadUInt32();
        var wide = version == 1;
        var earliest = r.ReadUnsigned(wide);
        var firstOffset = r.ReadUnsigned(wide);
        r.Skip(2);
        int count = r.ReadUInt16();
        r.CheckEntries((uint)count, 12);
        var references = new SegmentReference[count];
        for (var i = 0; i < count; i++)
        {
            var a = r.ReadUInt32();
            var duration = r.ReadUInt32();
            var c = r.ReadUInt32();
            references[i] = new SegmentReference(
                (a >> 31) != 0, a & 0x7FFFFFFF, duration, (c >> 31) != 0, (byte)((c >> 28) & 7), c & 0x0FFFFFFF);
        }

        if (firstOffset > long.MaxValue - sidxEnd)
        {
            throw new MediaFormatException("The 'sidx' first offset is out of range.");
        }

        return new SegmentIndexBox(referenceId, timescale, earliest, sidxEnd + firstOffset, references);
    }
}
