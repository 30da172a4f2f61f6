namespace Meridian.Cli.Stack;

/// <summary>
/// The local stack <c>meridian up</c> runs: two regions, each on its own loopback address (127.0.1.1 and 127.0.2.1) with
/// the same port numbers, so that every region looks like its own host, as AMS regions do.
/// </summary>
public static class StackLayout
{
    /// <summary>The default first port: control plane 7080, streaming 7081, key delivery 7082, blob 7083, HTTPS 7084.</summary>
    public const int DefaultBasePort = 7080;

    /// <summary>Ports each region takes from the base port on.</summary>
    public const int PortsPerRegion = 5;

    public const int MinBasePort = 1024;

    public const int MaxBasePort = 65535 - PortsPerRegion + 1;

    public static IReadOnlyList<StackRegion> Regions(int basePort)
    {
        if (basePort is < MinBasePort or > MaxBasePort)
        {
            throw new ArgumentOutOfRangeException(nameof(basePort), basePort, $"The base port must be {MinBasePort} to {MaxBasePort}.");
        }

        return [new StackRegion("region1", "127.0.1.1", basePort), new StackRegion("region2", "127.0.2.1", basePort)];
    }
}
