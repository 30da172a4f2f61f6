namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>An IPv4 or IPv6 address, or a network when <see cref="SubnetPrefixLength"/> is set.</summary>
public sealed record IPRange
{
    public string? Name { get; init; }

    public string? Address { get; init; }

    public int? SubnetPrefixLength { get; init; }
}
