using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>Where the PlayReady license server finds the key id: in the request's PlayReady header, or fixed.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = ContentKeyPolicyODataTypes.PropertyName)]
[JsonDerivedType(typeof(ContentKeyPolicyPlayReadyContentEncryptionKeyFromHeader),
    "#Microsoft.Media.ContentKeyPolicyPlayReadyContentEncryptionKeyFromHeader")]
[JsonDerivedType(typeof(ContentKeyPolicyPlayReadyContentEncryptionKeyFromKeyIdentifier),
    "#Microsoft.Media.ContentKeyPolicyPlayReadyContentEncryptionKeyFromKeyIdentifier")]
public abstract record ContentKeyPolicyPlayReadyContentKeyLocation;
