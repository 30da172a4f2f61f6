namespace Meridian.Media.Ts;

/// <summary>The NAL-unit video codecs the segment writers repackage.</summary>
public enum VideoCodec
{
    H264,
    H265,
}
