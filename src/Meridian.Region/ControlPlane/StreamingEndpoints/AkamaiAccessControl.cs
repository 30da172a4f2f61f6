namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>The keys an Akamai CDN signs its origin requests with.</summary>
public sealed record AkamaiAccessControl
{
    public IReadOnlyList<AkamaiSignatureHeaderAuthenticationKey>? AkamaiSignatureHeaderAuthenticationKeyList { get; init; }
}
