namespace Meridian.Media.Isobmff;

/// <summary>A parsed <c>moov</c>, ISO/IEC 14496-12 §8.2.1.</summary>
public sealed class MovieBox
{
    public required MovieHeader Header { get; init; }

    public required IReadOnlyList<TrackBox> Tracks { get; init; }

    /// <summary>True when <c>mvex</c> is present: samples live in movie fragments (§8.8.1).</summary>
    public bool HasMovieExtends { get; init; }

    public IReadOnlyList<TrackExtends> TrackExtends { get; init; } = [];
}
