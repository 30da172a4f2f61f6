namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>H.264 video layers.</summary>
public sealed record H264Video : VideoCodec;
