using System.Xml;

namespace Meridian.Media.Packaging;

/// <summary>Clear content: no key tags or protection elements.</summary>
public sealed class NoManifestProtection : IManifestProtection
{
    public static NoManifestProtection Instance { get; } = new();

    private NoManifestProtection()
    {
    }

    public IEnumerable<string> HlsMasterTags() => [];

    public IEnumerable<string> HlsMediaTags(PresentationTrack track) => [];

    public void WriteDashContentProtection(XmlWriter writer, TrackGroup group)
    {
    }

    public void WriteSmoothProtection(XmlWriter writer)
    {
    }
}
