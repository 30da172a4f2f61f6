namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>One Akamai signature-header key: its identifier, the base64 key and when it expires.</summary>
public sealed record AkamaiSignatureHeaderAuthenticationKey
{
    public string? Identifier { get; init; }

    public string? Base64Key { get; init; }

    public DateTimeOffset? Expiration { get; init; }
}
