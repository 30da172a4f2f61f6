namespace Meridian.Media.Isobmff;

/// <summary>
/// The metadata of an MP4 read by <see cref="IsoFileReader"/>: everything except sample data.
/// </summary>
public sealed class IsoFile
{
    public FileTypeBox? FileType { get; init; }

    public required MovieBox Movie { get; init; }

    public IReadOnlyList<MovieFragment> Fragments { get; init; } = [];

    public IReadOnlyList<SegmentIndexBox> SegmentIndexes { get; init; } = [];

    /// <summary>Length of the source, used to check that every sample lies inside it.</summary>
    public long SourceLength { get; init; }
}
