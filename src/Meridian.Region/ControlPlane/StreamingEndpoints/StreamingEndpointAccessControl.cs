namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>Who may stream from the endpoint: Akamai signature-header keys and an IP allow list.</summary>
public sealed record StreamingEndpointAccessControl
{
    public AkamaiAccessControl? Akamai { get; init; }

    public IPAccessControl? IP { get; init; }
}
