namespace Meridian.Media.Cmaf;

/// <summary>
/// A hook for <see cref="CmafMediaSegmentWriter"/> that rewrites sample data and adds boxes to the track fragment: the
/// seam for Common Encryption (ISO/IEC 23001-7), which encrypts samples in place and adds <c>senc</c>, <c>saiz</c> and
/// <c>saio</c>.
/// </summary>
/// <remarks>
/// Transforms must keep each sample's size (CENC <c>cenc</c> and <c>cbcs</c> do) because <c>trun</c> sizes are taken from
/// the index, and must be deterministic (IVs derived from key and position, not random) so every origin node produces
/// identical bytes.
/// </remarks>
public interface ICmafSampleTransform
{
    /// <summary>Transforms one sample in place, before any box of the segment is written.</summary>
    /// <param name="sampleIndex">Index of the sample in the track's <see cref="Indexing.SampleIndex"/>.</param>
    /// <param name="sample">The sample bytes.</param>
    void TransformSample(int sampleIndex, Span<byte> sample);

    /// <summary>
    /// Writes extra boxes at the end of the <c>traf</c>, after <c>trun</c>. <paramref name="moofStart"/> is the writer
    /// position of the <c>moof</c> header, so <c>saio</c> offsets (relative to the moof with default-base-is-moof) are
    /// <c>writer.Position - moofStart</c>.
    /// </summary>
    void WriteTrackFragmentBoxes(BoxWriter writer, long moofStart, int firstSample, int sampleCount);
}
