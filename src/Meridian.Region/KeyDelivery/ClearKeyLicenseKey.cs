using System.Text.Json.Serialization;

namespace Meridian.Region.KeyDelivery;

/// <summary>One key of a W3C EME ClearKey license: a JSON Web Key of type <c>oct</c>, id and key in base64url.</summary>
public sealed record ClearKeyLicenseKey(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("k")] string K);
