using Meridian.Region.Hosting;

namespace Meridian.Cli.Stack;

/// <summary>
/// One region of the local stack: its own loopback address and fixed ports, one per role, counted up from
/// <paramref name="BasePort"/>: control plane (HTTP) +0, streaming +1, key delivery +2, blob +3, control plane (HTTPS) +4.
/// </summary>
public sealed record StackRegion(string Name, string Host, int BasePort)
{
    public Uri ControlPlane => Url("http", 0);

    public Uri Streaming => Url("http", 1);

    public Uri KeyDelivery => Url("http", 2);

    public Uri Blob => Url("http", 3);

    public Uri ControlPlaneHttps => Url("https", 4);

    /// <summary>What <c>meridian region serve --urls</c> gets for this region.</summary>
    public IReadOnlyList<RegionListener> Listeners =>
    [
        new(ListenerRole.ControlPlane, ControlPlane),
        new(ListenerRole.ControlPlane, ControlPlaneHttps),
        new(ListenerRole.Streaming, Streaming),
        new(ListenerRole.KeyDelivery, KeyDelivery),
        new(ListenerRole.Blob, Blob),
    ];

    /// <summary>This region's entry in <c>up.json</c>.</summary>
    public UpRegion ToUpRegion() => new(Name, ControlPlane, ControlPlaneHttps, Streaming, KeyDelivery, Blob);

    /// <summary>A readable name of what listens on a listener, e.g. <c>region1 control plane (https)</c>.</summary>
    public static string Describe(RegionListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return listener.Role switch
        {
            ListenerRole.ControlPlane => $"control plane ({listener.Url.Scheme})",
            ListenerRole.KeyDelivery => "key delivery",
            _ => listener.Role.ToString().ToLowerInvariant(),
        };
    }

    private Uri Url(string scheme, int offset) => new($"{scheme}://{Host}:{BasePort + offset}/");
}
