namespace Meridian.Region.Tests.Streaming;

/// <summary>A made test asset: its files (in <paramref name="Directory"/>), the manifest name to stream and what ffprobe should see.</summary>
public sealed record MediaShape(
    string Name,
    string Directory,
    IReadOnlyList<string> Files,
    string ManifestName,
    string VideoSource,
    string VideoCodec,
    int Width,
    int Height,
    IReadOnlyList<AudioExpectation> Audio)
{
    public IEnumerable<string> Paths => Files.Select(f => Path.Combine(Directory, f));

    public string VideoSourcePath => Path.Combine(Directory, VideoSource);

    public override string ToString() => Name;
}
