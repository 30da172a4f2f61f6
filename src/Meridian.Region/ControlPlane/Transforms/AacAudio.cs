namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>AAC-LC audio.</summary>
public sealed record AacAudio : Codec
{
    public int? Bitrate { get; init; }

    public int? Channels { get; init; }

    public int? SamplingRate { get; init; }

    public string? Profile { get; init; }
}
