using Meridian.Media.Isobmff;

namespace Meridian.Media.Indexing;

/// <summary>The cached, immutable description of one MP4: its tracks and their sample indexes.</summary>
public sealed class MediaIndex
{
    public FileTypeBox? FileType { get; init; }

    public required uint MovieTimescale { get; init; }

    public required IReadOnlyList<TrackInfo> Tracks { get; init; }

    /// <summary>True when samples came from movie fragments (the movie has <c>mvex</c>).</summary>
    public bool IsFragmented { get; init; }

    public IReadOnlyList<SegmentIndexBox> SegmentIndexes { get; init; } = [];

    public long SourceLength { get; init; }

    public TrackInfo? FindTrack(uint trackId)
    {
        foreach (var track in Tracks)
        {
            if (track.TrackId == trackId)
            {
                return track;
            }
        }

        return null;
    }

    /// <summary>Approximate heap cost, for <see cref="MediaIndexCache"/> accounting.</summary>
    public long ApproximateBytes
    {
        get
        {
            long total = 256;
            foreach (var track in Tracks)
            {
                total += track.ApproximateBytes;
            }

            return total;
        }
    }
}
