namespace Meridian.Region.Streaming;

/// <summary>The protocol a streaming policy enables or blocks.</summary>
public enum StreamingProtocolFamily
{
    Hls,
    Dash,
    Smooth,
    Download,
}
