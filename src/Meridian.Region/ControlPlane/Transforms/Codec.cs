using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>A codec of a <see cref="StandardEncoderPreset"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "@odata.type")]
[JsonDerivedType(typeof(H264Video), "#Microsoft.Media.H264Video")]
[JsonDerivedType(typeof(H265Video), "#Microsoft.Media.H265Video")]
[JsonDerivedType(typeof(AacAudio), "#Microsoft.Media.AacAudio")]
public abstract record Codec
{
    public string? Label { get; init; }
}
