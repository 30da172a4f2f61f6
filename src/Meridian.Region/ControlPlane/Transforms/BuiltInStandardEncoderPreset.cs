using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>A named built-in preset. <c>configurations</c> only applies to content-aware encoding, so it is kept but unused.</summary>
public sealed record BuiltInStandardEncoderPreset : Preset
{
    [JsonConverter(typeof(ArmEnumConverter<EncoderNamedPreset>))]
    public EncoderNamedPreset PresetName { get; init; }

    public JsonObject? Configurations { get; init; }
}
