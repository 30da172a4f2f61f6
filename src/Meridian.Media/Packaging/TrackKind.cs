namespace Meridian.Media.Packaging;

/// <summary>What a presentation track carries; the order is the order tracks are listed in manifests.</summary>
public enum TrackKind
{
    Video,
    Audio,
    Text,
}
