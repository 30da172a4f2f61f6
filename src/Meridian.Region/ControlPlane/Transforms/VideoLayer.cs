namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>One rendition: size as pixels or a percentage of the source (AMS strings, e.g. "1280" or "50%"), bitrate in bits/s.</summary>
public sealed record VideoLayer
{
    public string? Width { get; init; }

    public string? Height { get; init; }

    public int? Bitrate { get; init; }

    public string? Profile { get; init; }

    public string? Label { get; init; }
}
