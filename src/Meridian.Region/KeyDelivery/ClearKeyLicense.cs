using System.Text.Json.Serialization;

namespace Meridian.Region.KeyDelivery;

/// <summary>A W3C EME ClearKey license (a JSON Web Key Set with the session type).</summary>
public sealed record ClearKeyLicense(
    [property: JsonPropertyName("keys")] IReadOnlyList<ClearKeyLicenseKey> Keys,
    [property: JsonPropertyName("type")] string Type);
