namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>A video codec: GOP length (ISO 8601 duration, default PT2S) and the layers of the ladder.</summary>
public abstract record VideoCodec : Codec
{
    public string? KeyFrameInterval { get; init; }

    public IReadOnlyList<VideoLayer>? Layers { get; init; }
}
