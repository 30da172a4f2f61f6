namespace Meridian.Media.Packaging;

/// <summary>
/// Tracks a player may switch between seamlessly: all video renditions, or the audio (text) tracks of one language,
/// codec and role. Maps to a DASH AdaptationSet, an HLS rendition group member set and a Smooth StreamIndex family.
/// </summary>
public sealed class TrackGroup
{
    public required TrackKind Kind { get; init; }

    public required string Language { get; init; }

    public required IReadOnlyList<PresentationTrack> Tracks { get; init; }
}
