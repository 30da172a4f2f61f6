namespace Meridian.Media.Isobmff;

/// <summary>A <c>moof</c>, ISO/IEC 14496-12 §8.8.4.</summary>
public sealed class MovieFragment
{
    public required long Offset { get; init; }

    public required uint SequenceNumber { get; init; }

    public required IReadOnlyList<TrackFragment> TrackFragments { get; init; }
}
