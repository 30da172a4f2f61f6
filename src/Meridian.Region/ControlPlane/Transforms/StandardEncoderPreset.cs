namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>A custom preset: the codecs (video layers, AAC audio) and the MP4 files they go into.</summary>
public sealed record StandardEncoderPreset : Preset
{
    public IReadOnlyList<Codec>? Codecs { get; init; }

    public IReadOnlyList<Format>? Formats { get; init; }
}
