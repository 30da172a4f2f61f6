using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>Who gets the key: anyone (open) or holders of a valid token.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = ContentKeyPolicyODataTypes.PropertyName)]
[JsonDerivedType(typeof(ContentKeyPolicyOpenRestriction), "#Microsoft.Media.ContentKeyPolicyOpenRestriction")]
[JsonDerivedType(typeof(ContentKeyPolicyTokenRestriction), "#Microsoft.Media.ContentKeyPolicyTokenRestriction")]
[JsonDerivedType(typeof(ContentKeyPolicyUnknownRestriction), "#Microsoft.Media.ContentKeyPolicyUnknownRestriction")]
public abstract record ContentKeyPolicyRestriction;
