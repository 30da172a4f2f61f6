using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>A key that verifies restriction tokens. Its key material is a secret that responses blank.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = ContentKeyPolicyODataTypes.PropertyName)]
[JsonDerivedType(typeof(ContentKeyPolicySymmetricTokenKey), "#Microsoft.Media.ContentKeyPolicySymmetricTokenKey")]
[JsonDerivedType(typeof(ContentKeyPolicyRsaTokenKey), "#Microsoft.Media.ContentKeyPolicyRsaTokenKey")]
[JsonDerivedType(typeof(ContentKeyPolicyX509CertificateTokenKey), "#Microsoft.Media.ContentKeyPolicyX509CertificateTokenKey")]
public abstract record ContentKeyPolicyRestrictionTokenKey;
