namespace Meridian.Media.Cmaf;

/// <summary>
/// An <see cref="ICmafSampleTransform"/> that transforms while the segment writer copies the samples into the <c>mdat</c>,
/// so each sample byte is read and written once instead of being transformed in the read buffer and then copied. The
/// writer calls <see cref="PlanSample"/> for every sample in order (the boxes depend only on the clear bytes), then
/// <see cref="ICmafSampleTransform.WriteTrackFragmentBoxes"/>, then <see cref="CopySample"/> for the same samples in the
/// same order. The bytes written are exactly those <see cref="ICmafSampleTransform.TransformSample"/> would produce.
/// </summary>
public interface ICmafCopyingSampleTransform : ICmafSampleTransform
{
    /// <summary>Takes note of one sample (for the boxes) without changing it.</summary>
    /// <param name="sampleIndex">Index of the sample in the track's <see cref="Indexing.SampleIndex"/>.</param>
    /// <param name="sample">The clear sample bytes.</param>
    void PlanSample(int sampleIndex, ReadOnlySpan<byte> sample);

    /// <summary>Writes the transformed bytes of a planned sample to <paramref name="destination"/> (the same length).</summary>
    /// <param name="sampleIndex">Index of the sample, the next one planned and not yet copied.</param>
    /// <param name="sample">The clear sample bytes, as planned.</param>
    /// <param name="destination">Where the transformed sample goes; must not overlap <paramref name="sample"/>.</param>
    void CopySample(int sampleIndex, ReadOnlySpan<byte> sample, Span<byte> destination);
}
