namespace Meridian.Media.Packaging.Ism;

/// <summary>A parsed <c>.ism</c> server manifest (SMIL 2.0 as written by the AMS encoder).</summary>
public sealed class ServerManifest
{
    /// <summary>Head <c>&lt;meta name content&gt;</c> pairs, e.g. <c>formats</c>, <c>clientManifestRelativePath</c>.</summary>
    public required IReadOnlyDictionary<string, string> Meta { get; init; }

    /// <summary>The switch's media elements in document order.</summary>
    public required IReadOnlyList<ServerManifestTrack> Tracks { get; init; }
}
