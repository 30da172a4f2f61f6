using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.Filters;

/// <summary>Account filters (<c>accountFilters/{name}</c>): apply to every asset of the account.</summary>
public sealed class AccountFilterKind(AssetFilterKind assetFilters) : MediaFilterKind
{
    public const string CollectionName = "accountFilters";

    public override string Collection => CollectionName;

    public override string DisplayName => "account filter";

    /// <summary>An asset filter of the same name overrides the account filter for that asset's locators.</summary>
    protected override bool AppliesTo(ResourceRequest request, string filterName, string? assetName)
    {
        ArgumentNullException.ThrowIfNull(request);
        return assetName is null || request.Find(assetFilters, filterName, assetName) is null;
    }
}
