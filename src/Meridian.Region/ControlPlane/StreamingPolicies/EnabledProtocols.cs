namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>
/// Which protocols an encryption scheme serves. AMS requires all four flags, so a missing one is a 400 rather than a
/// silent <c>false</c>; the flags are nullable to tell the two apart.
/// </summary>
public sealed record EnabledProtocols
{
    public bool? Download { get; init; }

    public bool? Dash { get; init; }

    public bool? Hls { get; init; }

    public bool? SmoothStreaming { get; init; }

    /// <summary>True if the protocol is enabled.</summary>
    public bool Has(StreamingProtocol protocol) => protocol switch
    {
        StreamingProtocol.Hls => Hls == true,
        StreamingProtocol.Dash => Dash == true,
        StreamingProtocol.SmoothStreaming => SmoothStreaming == true,
        StreamingProtocol.Download => Download == true,
        _ => false,
    };
}
