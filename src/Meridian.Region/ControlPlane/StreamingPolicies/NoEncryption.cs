namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>Clear streaming and progressive download.</summary>
public sealed record NoEncryption
{
    public EnabledProtocols? EnabledProtocols { get; init; }
}
