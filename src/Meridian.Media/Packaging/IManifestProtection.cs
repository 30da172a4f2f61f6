using System.Xml;

namespace Meridian.Media.Packaging;

/// <summary>
/// Where encryption signalling enters the manifests (key tags, ContentProtection, Protection headers). The renderers call
/// it at fixed points; implementations must be deterministic. <see cref="NoManifestProtection"/> writes nothing.
/// </summary>
public interface IManifestProtection
{
    /// <summary>Lines after the HLS master header, e.g. <c>#EXT-X-SESSION-KEY</c>.</summary>
    IEnumerable<string> HlsMasterTags();

    /// <summary>Lines before the first segment of a media or I-frame playlist (after <c>EXT-X-MAP</c>), e.g. <c>#EXT-X-KEY</c>.</summary>
    IEnumerable<string> HlsMediaTags(PresentationTrack track);

    /// <summary>
    /// Lines before one segment of a media playlist, e.g. an <c>#EXT-X-KEY</c> with that segment's own IV. The default
    /// writes nothing.
    /// </summary>
    IEnumerable<string> HlsSegmentTags(PresentationTrack track, MediaSegment segment) => [];

    /// <summary>Lines before one key frame of an I-frame playlist (see <see cref="HlsSegmentTags"/>). The default writes nothing.</summary>
    IEnumerable<string> HlsKeyFrameTags(PresentationTrack track, KeyFrame frame) => [];

    /// <summary>
    /// The lowest <c>EXT-X-VERSION</c> the media and I-frame playlists' tags need (e.g. 5 for <c>KEYFORMAT</c>, RFC 8216 §7);
    /// the writer uses the higher of this and its own. The default is 0.
    /// </summary>
    int MinimumHlsVersion => 0;

    /// <summary>Writes <c>ContentProtection</c> elements at the start of an AdaptationSet's children.</summary>
    void WriteDashContentProtection(XmlWriter writer, TrackGroup group);

    /// <summary>Writes a <c>Protection</c> element after the Smooth StreamIndex elements.</summary>
    void WriteSmoothProtection(XmlWriter writer);
}
