using Meridian.Region.ControlPlane.Filters;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers account and asset filters.</summary>
public static class MediaFilterServiceCollectionExtensions
{
    public static IServiceCollection AddMediaFilters(this IServiceCollection services)
    {
        services.AddKind<AccountFilterKind>();
        services.AddKind<AssetFilterKind>();
        return services;
    }
}
