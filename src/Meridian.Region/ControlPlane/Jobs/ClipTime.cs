using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>A point in the input; only <see cref="AbsoluteClipTime"/> is supported.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "@odata.type")]
[JsonDerivedType(typeof(AbsoluteClipTime), "#Microsoft.Media.AbsoluteClipTime")]
public abstract record ClipTime;
