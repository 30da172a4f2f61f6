using System.Globalization;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Packaging.Ism;

namespace Meridian.Media.Packaging;

/// <summary>
/// Turns an asset's files (and its <c>.ism</c>, when there is one) into a <see cref="Presentation"/>.
/// </summary>
/// <remarks>
/// With a server manifest, each media element names a file and (normally) a <c>trackID</c>; elements without one take
/// every track of their kind in the file, as hand-written manifests rely on. Without a manifest every video and audio
/// track of every MP4 is used, named the way the AMS encoder names them (<c>video</c>,
/// <c>aac_{lang}_{channels}_{bitrate}_{trackId}_{n}</c>), and audio tracks that are byte-for-byte the same content in
/// several renditions (the encoder's layout) appear once. <c>textstream</c> entries that point at sidecar files
/// (not MP4) are skipped for now.
/// </remarks>
public static class PresentationBuilder
{
    private static readonly string[] MediaExtensions = [".mp4", ".m4v", ".m4a", ".ismv", ".isma", ".cmfv", ".cmfa"];

    private static readonly FourCC Subt = FourCC.Parse("subt");
    private static readonly FourCC Sbtl = FourCC.Parse("sbtl");
    private static readonly FourCC Text = FourCC.Parse("text");

    public static async ValueTask<Presentation> BuildAsync(
        IReadOnlyCollection<string> files, MediaIndexLoader loader, ServerManifest? manifest = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(loader);
        var indexes = new Dictionary<string, MediaIndex>(StringComparer.Ordinal);
        async ValueTask<MediaIndex> Load(string file)
        {
            if (!indexes.TryGetValue(file, out var index))
            {
                index = await loader(file, cancellationToken);
                indexes[file] = index;
            }

            return index;
        }

        var candidates = new List<Candidate>();
        if (manifest is not null)
        {
            var available = new HashSet<string>(files, StringComparer.Ordinal);
            foreach (var entry in manifest.Tracks)
            {
                if (!available.Contains(entry.Source))
                {
                    throw new MediaFormatException($"The server manifest names '{entry.Source}', which is not in the asset.");
                }

                if (entry.Kind == TrackKind.Text && !IsMediaFile(entry.Source))
                {
                    // Sidecar subtitles (.vtt, .ttml) are not packaged yet; they must not take the audio and video down.
                    continue;
                }

                var index = await Load(entry.Source);
                if (entry.TrackId is { } id)
                {
                    var track = index.FindTrack(id)
                        ?? throw new MediaFormatException($"'{entry.Source}' has no track {id} named by the server manifest.");
                    if (KindOf(track) != entry.Kind)
                    {
                        throw new MediaFormatException($"Track {id} of '{entry.Source}' is not {entry.Kind.ToString().ToLowerInvariant()}.");
                    }

                    candidates.Add(new Candidate(entry.Source, track, entry));
                }
                else
                {
                    foreach (var track in index.Tracks)
                    {
                        if (KindOf(track) == entry.Kind && track.Samples.Count > 0)
                        {
                            candidates.Add(new Candidate(entry.Source, track, entry));
                        }
                    }
                }
            }
        }
        else
        {
            var seenAudio = new HashSet<(string, string, int, long, long)>();
            foreach (var file in files.Where(IsMediaFile).Order(StringComparer.Ordinal))
            {
                var index = await Load(file);
                foreach (var track in index.Tracks)
                {
                    if (KindOf(track) is not (TrackKind.Video or TrackKind.Audio) || track.Samples.Count == 0)
                    {
                        continue;
                    }

                    if (KindOf(track) == TrackKind.Audio
                        && !seenAudio.Add((track.Codec.CodecString, track.Language, track.Samples.Count, track.Samples.TotalBytes, track.Duration)))
                    {
                        continue;
                    }

                    candidates.Add(new Candidate(file, track, null));
                }
            }
        }

        return Assemble(candidates, manifest);
    }

    /// <summary>True for the file extensions discovery considers (MP4 family).</summary>
    public static bool IsMediaFile(string fileName) =>
        MediaExtensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static Presentation Assemble(List<Candidate> candidates, ServerManifest? manifest)
    {
        var tracks = new List<PresentationTrack>();
        var seen = new HashSet<(string, uint)>();
        var identities = new HashSet<(string, long)>();
        foreach (var c in candidates)
        {
            if (!seen.Add((c.File, c.Track.TrackId)))
            {
                continue;
            }

            var kind = KindOf(c.Track)!.Value;
            var bitrate = c.Entry?.SystemBitrate ?? Math.Max(1, c.Track.Bitrate);
            var language = NormalizeLanguage(c.Entry?.SystemLanguage ?? c.Track.Language);
            var name = ValidateName(c.Entry?.TrackName ?? GenerateName(kind, c.Track, language, bitrate, tracks));
            while (!identities.Add((name.ToUpperInvariant(), bitrate)))
            {
                bitrate++;
            }

            tracks.Add(new PresentationTrack
            {
                Name = name,
                Kind = kind,
                Bitrate = bitrate,
                Language = language,
                SourceFile = c.File,
                Track = c.Track,
                Accessibility = c.Entry?.Accessibility,
                Role = c.Entry?.Role,
            });
        }

        tracks.Sort(Compare);
        var groups = new List<TrackGroup>();
        foreach (var g in tracks.GroupBy(GroupKey))
        {
            var first = g.First();
            groups.Add(new TrackGroup { Kind = first.Kind, Language = first.Language, Tracks = [.. g] });
        }

        return new Presentation { Tracks = tracks, Groups = groups, ServerManifest = manifest };
    }

    private static int Compare(PresentationTrack a, PresentationTrack b)
    {
        var c = a.Kind.CompareTo(b.Kind);
        if (c == 0)
        {
            c = b.Bitrate.CompareTo(a.Bitrate);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Name, b.Name);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.SourceFile, b.SourceFile);
        }

        return c != 0 ? c : a.TrackId.CompareTo(b.TrackId);
    }

    private static string GroupKey(PresentationTrack t)
    {
        var family = t.CodecString.Length >= 4 ? t.CodecString[..4] : t.CodecString;
        return t.Kind == TrackKind.Video
            ? $"video/{family}"
            : $"{t.Kind}/{t.Language}/{family}/{t.Role}/{t.Accessibility}";
    }

    private static string GenerateName(TrackKind kind, TrackInfo track, string language, long bitrate, List<PresentationTrack> existing)
    {
        if (kind == TrackKind.Video)
        {
            return "video";
        }

        var prefix = kind == TrackKind.Audio
            ? $"{AudioCodecName(track.Codec)}_{language}_{track.Codec.ChannelCount}_{bitrate}_{track.TrackId}"
            : $"text_{language}_{track.TrackId}";
        for (var n = 1; ; n++)
        {
            var name = prefix + "_" + n.ToString(CultureInfo.InvariantCulture);
            if (existing.TrueForAll(t => !string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return name;
            }
        }
    }

    // Names become URL path text and playlist lines: nothing that could end a line, a quoted string or a URL argument.
    private static string ValidateName(string name)
    {
        foreach (var c in name)
        {
            if (char.IsControl(c) || c is '"' or '(' or ')' or ',' or '=' or '/' or '\\' or '?' or '#' or '%' or '&' or '<' or '>' or ' ')
            {
                throw new MediaFormatException($"The track name '{name}' contains characters that cannot appear in a streaming URL.");
            }
        }

        return name.Length is > 0 and <= 256 ? name : throw new MediaFormatException("A track name is empty or longer than 256 characters.");
    }

    private static string AudioCodecName(CodecConfiguration codec)
    {
        var s = codec.CodecString;
        return s.StartsWith("mp4a.40", StringComparison.Ordinal) ? "aac"
            : s.StartsWith("ec-3", StringComparison.Ordinal) ? "ec3"
            : s.StartsWith("ac-3", StringComparison.Ordinal) ? "ac3"
            : new string([.. codec.Format.ToString().Where(char.IsAsciiLetterOrDigit)]).ToLowerInvariant();
    }

    private static string NormalizeLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return "und";
        }

        var trimmed = language.Trim();
        return trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && trimmed.Length <= 35 ? trimmed : "und";
    }

    internal static TrackKind? KindOf(TrackInfo track) =>
        track.IsVideo ? TrackKind.Video
        : track.IsAudio ? TrackKind.Audio
        : track.Handler == Text || track.Handler == Subt || track.Handler == Sbtl ? TrackKind.Text
        : null;

    private sealed record Candidate(string File, TrackInfo Track, ServerManifestTrack? Entry);
}
