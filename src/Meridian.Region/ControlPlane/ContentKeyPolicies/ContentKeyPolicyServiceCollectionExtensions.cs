using Meridian.Region.ControlPlane.ContentKeyPolicies;
using Meridian.Region.ControlPlane.Resources;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers content key policies.</summary>
public static class ContentKeyPolicyServiceCollectionExtensions
{
    public static IServiceCollection AddContentKeyPolicies(this IServiceCollection services)
    {
        services.AddKind<ContentKeyPolicyKind>();
        services.AddSingleton<IResourceAction, GetPolicyPropertiesWithSecretsAction>();
        return services;
    }
}
