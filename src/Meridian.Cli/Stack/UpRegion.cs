namespace Meridian.Cli.Stack;

/// <summary>Where one region of a running stack answers; every URL ends in '/'.</summary>
/// <param name="Name">The region's name, e.g. <c>region1</c>.</param>
/// <param name="ControlPlane">The control plane over HTTP (loopback), which the CLI uses.</param>
/// <param name="ControlPlaneHttps">The control plane over HTTPS, for ARM SDKs that insist on TLS.</param>
/// <param name="Streaming">The streaming endpoint; locator paths are relative to it.</param>
/// <param name="KeyDelivery">The key-delivery service.</param>
/// <param name="Blob">The Azure Blob-compatible storage endpoint.</param>
public sealed record UpRegion(string Name, Uri ControlPlane, Uri? ControlPlaneHttps, Uri Streaming, Uri KeyDelivery, Uri Blob);
