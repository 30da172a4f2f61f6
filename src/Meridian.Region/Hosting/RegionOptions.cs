namespace Meridian.Region.Hosting;

/// <summary>Settings of one region server.</summary>
public sealed class RegionOptions
{
    /// <summary>The region's name, e.g. <c>region1</c>. Lower-case letters, digits and hyphens. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>Where the region keeps its database, blobs and certificate. Required.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>What to listen on. The default is every role on 127.0.0.1 with free ports.</summary>
    public IList<RegionListener> Listeners { get; } = [];

    /// <summary>
    /// Bearer credentials the control plane accepts. When empty, the region reads <c>apikey</c> from its data
    /// directory, or creates one there on first start.
    /// </summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>Largest control-plane request body, in bytes. The default is 4 MiB, as ARM.</summary>
    public long MaxControlPlaneBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Items per page of a control-plane list before <c>@odata.nextLink</c>. The default is 1000.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>Names the region's default endpoints with stable loopback addresses when listeners are not given.</summary>
    internal void ApplyDefaults()
    {
        if (Listeners.Count == 0)
        {
            Listeners.Add(new RegionListener(ListenerRole.ControlPlane, new Uri("http://127.0.0.1:0")));
            Listeners.Add(new RegionListener(ListenerRole.ControlPlane, new Uri("https://127.0.0.1:0")));
            Listeners.Add(new RegionListener(ListenerRole.Streaming, new Uri("http://127.0.0.1:0")));
            Listeners.Add(new RegionListener(ListenerRole.KeyDelivery, new Uri("http://127.0.0.1:0")));
            Listeners.Add(new RegionListener(ListenerRole.Blob, new Uri("http://127.0.0.1:0")));
        }
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || !RegionNames.IsValid(Name))
        {
            throw new ArgumentException($"Region name '{Name}' must be 1-40 lower-case letters, digits or hyphens.");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("The region needs a data directory.");
        }

        if (PageSize < 1)
        {
            throw new ArgumentException("PageSize must be at least 1.");
        }

        foreach (var role in Enum.GetValues<ListenerRole>())
        {
            if (!Listeners.Any(l => l.Role == role && l.Url.Scheme == Uri.UriSchemeHttp) &&
                !(role == ListenerRole.ControlPlane && Listeners.Any(l => l.Role == role)))
            {
                throw new ArgumentException($"No listener for the {role} role.");
            }
        }
    }
}
