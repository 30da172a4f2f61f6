namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>MP4 files.</summary>
public sealed record Mp4Format : Format;
