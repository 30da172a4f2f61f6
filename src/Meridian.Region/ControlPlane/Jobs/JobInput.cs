using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>A job's input; the <c>@odata.type</c> names the input type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "@odata.type")]
[JsonDerivedType(typeof(JobInputClip), "#Microsoft.Media.JobInputClip")]
[JsonDerivedType(typeof(JobInputAsset), "#Microsoft.Media.JobInputAsset")]
[JsonDerivedType(typeof(JobInputHttp), "#Microsoft.Media.JobInputHttp")]
public abstract record JobInput;
