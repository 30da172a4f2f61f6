namespace Meridian.Region.Hosting;

/// <summary>Base URLs of a running region, each ending in '/'.</summary>
public sealed record RegionAddresses(Uri ControlPlane, Uri? ControlPlaneHttps, Uri Streaming, Uri KeyDelivery, Uri Blob);
