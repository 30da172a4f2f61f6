using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>An output file format of a <see cref="StandardEncoderPreset"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "@odata.type")]
[JsonDerivedType(typeof(Mp4Format), "#Microsoft.Media.Mp4Format")]
public abstract record Format
{
    /// <summary>File names with the macros <c>{Basename}</c>, <c>{Label}</c>, <c>{Bitrate}</c>, <c>{Codec}</c>, <c>{Resolution}</c>, <c>{Extension}</c> (".mp4").</summary>
    public string? FilenamePattern { get; init; }
}
