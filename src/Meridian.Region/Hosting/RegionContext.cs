namespace Meridian.Region.Hosting;

/// <summary>Who this region is and where it can be reached. Addresses are known once the server has bound its ports.</summary>
public sealed class RegionContext(RegionOptions options)
{
    private RegionAddresses? _addresses;

    public RegionOptions Options { get; } = options;

    public string Name => Options.Name;

    /// <summary>The bound base URLs; throws before the server has started.</summary>
    public RegionAddresses Addresses
    {
        get => _addresses ?? throw new InvalidOperationException("The region has not started yet.");
        internal set => _addresses = value;
    }
}
