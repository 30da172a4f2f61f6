namespace Meridian.Region.Hosting;

/// <summary>What a listener of a region serves. AMS gives each of these its own host name.</summary>
public enum ListenerRole
{
    /// <summary>The ARM-shaped control plane (HTTP and HTTPS).</summary>
    ControlPlane,

    /// <summary>The streaming endpoint (dynamic packaging origin).</summary>
    Streaming,

    /// <summary>The key-delivery service.</summary>
    KeyDelivery,

    /// <summary>The Azure Blob REST-compatible storage endpoint.</summary>
    Blob,
}
