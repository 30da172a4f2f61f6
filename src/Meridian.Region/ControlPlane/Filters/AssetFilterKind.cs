using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.Filters;

/// <summary>Asset filters (<c>assets/{asset}/assetFilters/{name}</c>): apply to one asset and go with it.</summary>
public sealed class AssetFilterKind : MediaFilterKind
{
    public const string CollectionName = "assetFilters";

    public override string Collection => CollectionName;

    public override string ArmType => "Microsoft.Media/mediaservices/assets/assetFilters";

    public override string DisplayName => "asset filter";

    public override string? ParentCollection => "assets";

    protected override bool AppliesTo(ResourceRequest request, string filterName, string? assetName)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Equals(assetName, request.ParentName, StringComparison.OrdinalIgnoreCase);
    }
}
