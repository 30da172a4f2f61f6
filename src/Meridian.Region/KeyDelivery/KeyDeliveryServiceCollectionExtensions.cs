using Meridian.Region.KeyDelivery;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the key delivery listener's services.</summary>
public static class KeyDeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddKeyDelivery(this IServiceCollection services)
    {
        services.TryAddSingleton(new KeyDeliveryOptions());
        services.AddSingleton<ContentKeyIndex>();
        services.AddSingleton<ContentKeyResolver>();
        services.AddSingleton<TokenRestrictionValidator>();
        services.AddSingleton<TokenUseCounter>();
        services.AddSingleton<KeyAuthorizer>();
        services.AddSingleton<KeyDeliveryEndpoint>();
        return services;
    }
}
