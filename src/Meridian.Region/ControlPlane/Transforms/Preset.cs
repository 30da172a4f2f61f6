using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>How an output is made; the <c>@odata.type</c> names the preset type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "@odata.type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(BuiltInStandardEncoderPreset), "#Microsoft.Media.BuiltInStandardEncoderPreset")]
[JsonDerivedType(typeof(StandardEncoderPreset), "#Microsoft.Media.StandardEncoderPreset")]
public abstract record Preset;
