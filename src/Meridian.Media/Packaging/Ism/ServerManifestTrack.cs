namespace Meridian.Media.Packaging.Ism;

/// <summary>
/// One <c>&lt;video&gt;</c>, <c>&lt;audio&gt;</c> or <c>&lt;textstream&gt;</c> element of an <c>.ism</c>: its attributes and
/// its <c>&lt;param name value&gt;</c> children. Params win over attributes of the same name, as in the AMS encoder output
/// where both are written.
/// </summary>
public sealed class ServerManifestTrack
{
    public required TrackKind Kind { get; init; }

    /// <summary>The <c>src</c> file name, validated to be a plain name in the asset's container.</summary>
    public required string Source { get; init; }

    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    public required IReadOnlyDictionary<string, string> Params { get; init; }

    public string? TrackName => Get("trackName");

    /// <summary>The MP4 track id (<c>trackID</c> param), or null when the origin must discover the tracks of this kind.</summary>
    public uint? TrackId => uint.TryParse(Get("trackID"), out var id) && id > 0 ? id : null;

    public long? SystemBitrate => long.TryParse(Get("systemBitrate"), out var b) && b > 0 ? b : null;

    public string? SystemLanguage => Get("systemLanguage");

    public string? TrackIndex => Get("trackIndex");

    public string? Accessibility => Get("accessibility");

    public string? Role => Get("role");

    public string? Title => Get("title");

    /// <summary>A param, else an attribute, of that name (names compare ordinally, as SMIL is case-sensitive).</summary>
    public string? Get(string name)
    {
        if (Params.TryGetValue(name, out var value) || Attributes.TryGetValue(name, out value))
        {
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        return null;
    }
}
