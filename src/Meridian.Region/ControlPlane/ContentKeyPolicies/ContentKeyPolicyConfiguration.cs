using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>What key delivery hands out: a clear key, or a PlayReady, Widevine or FairPlay license.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = ContentKeyPolicyODataTypes.PropertyName)]
[JsonDerivedType(typeof(ContentKeyPolicyClearKeyConfiguration), "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration")]
[JsonDerivedType(typeof(ContentKeyPolicyPlayReadyConfiguration), "#Microsoft.Media.ContentKeyPolicyPlayReadyConfiguration")]
[JsonDerivedType(typeof(ContentKeyPolicyWidevineConfiguration), "#Microsoft.Media.ContentKeyPolicyWidevineConfiguration")]
[JsonDerivedType(typeof(ContentKeyPolicyFairPlayConfiguration), "#Microsoft.Media.ContentKeyPolicyFairPlayConfiguration")]
[JsonDerivedType(typeof(ContentKeyPolicyUnknownConfiguration), "#Microsoft.Media.ContentKeyPolicyUnknownConfiguration")]
public abstract record ContentKeyPolicyConfiguration;
