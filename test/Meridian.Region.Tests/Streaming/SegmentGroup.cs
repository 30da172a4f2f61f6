namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// One switching set of a manifest (HLS video variants or one audio rendition, a DASH AdaptationSet, a Smooth
/// StreamIndex): the media segment URLs of each alternative (rendition) in timeline order, plus their init segments.
/// </summary>
public sealed record SegmentGroup(string Name, IReadOnlyList<IReadOnlyList<Uri>> Alternatives, IReadOnlyList<Uri> Inits)
{
    public int SegmentCount => Alternatives.Count == 0 ? 0 : Alternatives.Max(a => a.Count);
}
