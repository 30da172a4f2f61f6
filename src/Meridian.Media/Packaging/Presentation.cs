using Meridian.Media.Packaging.Ism;

namespace Meridian.Media.Packaging;

/// <summary>The tracks of one asset as every output format presents them, in a deterministic order.</summary>
public sealed class Presentation
{
    /// <summary>Video (bitrate descending), then audio, then text; ties broken by name, file and track id.</summary>
    public required IReadOnlyList<PresentationTrack> Tracks { get; init; }

    /// <summary>Switching groups in the order of their first track.</summary>
    public required IReadOnlyList<TrackGroup> Groups { get; init; }

    /// <summary>The server manifest the presentation came from, or null when the tracks were discovered.</summary>
    public ServerManifest? ServerManifest { get; init; }

    public IEnumerable<PresentationTrack> Video => Tracks.Where(t => t.Kind == TrackKind.Video);

    public IEnumerable<PresentationTrack> Audio => Tracks.Where(t => t.Kind == TrackKind.Audio);

    public IEnumerable<PresentationTrack> Text => Tracks.Where(t => t.Kind == TrackKind.Text);

    /// <summary>
    /// The track an AMS URL names: <c>QualityLevels(bitrate)/Fragments(name=...)</c>. The name compares ordinally and
    /// case-insensitively (AMS URLs are case-insensitive); null when none matches.
    /// </summary>
    public PresentationTrack? FindTrack(string name, long bitrate)
    {
        foreach (var track in Tracks)
        {
            if (track.Bitrate == bitrate && string.Equals(track.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return track;
            }
        }

        return null;
    }

    /// <summary>The first track of that name (for URLs without <c>QualityLevels</c>), null when none.</summary>
    public PresentationTrack? FindTrack(string name) =>
        Tracks.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The presentation with only the tracks <paramref name="keep"/> accepts (dynamic manifest filters); groups left empty
    /// are dropped.
    /// </summary>
    public Presentation Select(Func<PresentationTrack, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var tracks = Tracks.Where(keep).ToList();
        var groups = Groups
            .Select(g => new TrackGroup { Kind = g.Kind, Language = g.Language, Tracks = [.. g.Tracks.Where(keep)] })
            .Where(g => g.Tracks.Count > 0)
            .ToList();
        return new Presentation { Tracks = tracks, Groups = groups, ServerManifest = ServerManifest };
    }
}
