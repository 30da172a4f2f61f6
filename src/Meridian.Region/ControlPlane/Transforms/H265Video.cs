namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>H.265 video layers.</summary>
public sealed record H265Video : VideoCodec;
