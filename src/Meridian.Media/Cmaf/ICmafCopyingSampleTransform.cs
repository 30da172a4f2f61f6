namespace Meridian.Media.Cmaf;

/// <summary>
/// An <see cref="ICmafSampleTransform"/> that transforms while the segment writer copies the samples into the <c>mdat</c>,
/// so each sample byte is read and written once instead of being transformed in the read buffer and then copied. The
/// writer calls <see cref="PlanSample"/> for every sample in order (the boxes depend only on the clear bytes), then
/// <see cref="ICmafSampleTransform.WriteTrackFragmentBoxes"/>, then <see cref="CopySamples"/> once with all of them. The
/// bytes written are exactly those <see cref="ICmafSampleTransform.TransformSample"/> would produce.
/// </summary>
public interface ICmafCopyingSampleTransform : ICmafSampleTransform
{
    /// <summary>Takes note of one sample (for the boxes) without changing it.</summary>
    /// <param name="sampleIndex">Index of the sample in the track's <see cref="Indexing.SampleIndex"/>.</param>
    /// <param name="sample">The clear sample bytes.</param>
    void PlanSample(int sampleIndex, ReadOnlySpan<byte> sample);

    /// <summary>
    /// Writes the transformed bytes of all samples planned since the last boxes to <paramref name="destination"/>; handing
    /// them over together lets the transform work on several samples at once.
    /// </summary>
    /// <param name="samples">The clear bytes of the planned samples, back to back, as planned.</param>
    /// <param name="destination">Where the transformed samples go (at least as long); must not overlap <paramref name="samples"/>.</param>
    void CopySamples(ReadOnlySpan<byte> samples, Span<byte> destination);
}
