namespace Meridian.Media;

/// <summary>
/// Hard limits applied while reading an MP4. Sizes in a file are never trusted: every allocation and loop is bounded by
/// one of these, so a hostile file costs at most these amounts of memory and work before it is rejected.
/// </summary>
public sealed record MediaReaderOptions
{
    /// <summary>Shared defaults.</summary>
    public static MediaReaderOptions Default { get; } = new();

    /// <summary>Largest <c>moov</c> box read into memory. Default 64 MiB (a 24 h progressive file is a few MiB).</summary>
    public int MaxMovieBoxBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Largest <c>moof</c> or <c>sidx</c> box read into memory. Default 16 MiB.</summary>
    public int MaxFragmentBoxBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most samples indexed per track. Default 8,000,000 (about 46 h of 48 kHz AAC); an index costs ~30 bytes per sample.</summary>
    public int MaxSamplesPerTrack { get; init; } = 8_000_000;

    /// <summary>Most tracks in one movie. Default 64.</summary>
    public int MaxTracks { get; init; } = 64;

    /// <summary>Most top-level boxes scanned before giving up. Default 1,000,000 (one per fragment plus a few).</summary>
    public int MaxTopLevelBoxes { get; init; } = 1_000_000;

    /// <summary>Deepest box nesting accepted by generic walkers such as the box dump. Default 16.</summary>
    public int MaxBoxDepth { get; init; } = 16;
}
