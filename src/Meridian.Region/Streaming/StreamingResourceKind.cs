namespace Meridian.Region.Streaming;

/// <summary>What a streaming URL asks for.</summary>
public enum StreamingResourceKind
{
    /// <summary><c>{name}.ism/manifest(...)</c>: HLS master playlist, DASH MPD or Smooth client manifest.</summary>
    Manifest,

    /// <summary><c>QualityLevels(b)/Manifest(track,...)</c>: an HLS media (or I-frame) playlist.</summary>
    TrackManifest,

    /// <summary><c>QualityLevels(b)/Fragments(track=t|i,...)</c>: a segment, or the init segment for <c>i</c>.</summary>
    Fragment,

    /// <summary><c>/{locatorId}/{file}</c>: progressive download.</summary>
    Download,
}
