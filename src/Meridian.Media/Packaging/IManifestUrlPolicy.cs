namespace Meridian.Media.Packaging;

/// <summary>
/// The URLs manifests point at, all relative to the document that contains them. The origin owns URL forms (AMS
/// <c>QualityLevels()/Fragments()</c>, query arguments such as <c>encryption=cbc</c>); the renderers only ask.
/// </summary>
public interface IManifestUrlPolicy
{
    /// <summary>Media playlist of a track, relative to the HLS master playlist.</summary>
    string HlsPlaylist(PresentationTrack track);

    /// <summary>I-frame playlist of a video track, relative to the HLS master playlist.</summary>
    string HlsIFramePlaylist(PresentationTrack track);

    /// <summary>A media segment, relative to the track's media playlist.</summary>
    string HlsSegment(PresentationTrack track, MediaSegment segment);

    /// <summary>The CMAF initialization segment (<c>EXT-X-MAP</c>), relative to the track's media playlist.</summary>
    string HlsInit(PresentationTrack track);

    /// <summary>A key frame for an I-frame playlist: its own resource, or a byte range of a segment.</summary>
    HlsKeyFrameReference HlsKeyFrame(PresentationTrack track, MediaSegment segment, KeyFrame frame);

    /// <summary>DASH <c>SegmentTemplate@media</c> (with <c>$Time$</c> and usually <c>$Bandwidth$</c>).</summary>
    string DashMedia(PresentationTrack track);

    /// <summary>DASH <c>SegmentTemplate@initialization</c>.</summary>
    string DashInit(PresentationTrack track);

    /// <summary>Smooth <c>StreamIndex@Url</c> (with <c>{bitrate}</c> and <c>{start time}</c>).</summary>
    string SmoothFragments(PresentationTrack track);
}
