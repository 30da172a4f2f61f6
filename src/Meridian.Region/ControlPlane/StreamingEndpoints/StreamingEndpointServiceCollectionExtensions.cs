using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingEndpoints;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers streaming endpoints, their operations and the default endpoint of new accounts.</summary>
public static class StreamingEndpointServiceCollectionExtensions
{
    public static IServiceCollection AddStreamingEndpoints(this IServiceCollection services)
    {
        services.AddOptions<StreamingEndpointOptions>();
        services.AddSingleton<StreamingEndpointOperations>();
        services.AddHostedService(sp => sp.GetRequiredService<StreamingEndpointOperations>());
        services.AddKind<StreamingEndpointKind>();
        services.AddSingleton<IResourceAction, StartStreamingEndpointAction>();
        services.AddSingleton<IResourceAction, StopStreamingEndpointAction>();
        services.AddSingleton<IResourceAction, ScaleStreamingEndpointAction>();
        services.AddSingleton<StreamingEndpointOperationEndpoints>();
        services.AddSingleton<IAccountSeeder, DefaultStreamingEndpointSeeder>();
        services.AddSingleton<IAccountCleaner, StreamingEndpointOperationCleaner>();
        services.AddSingleton<IStreamingEndpointState, StreamingEndpointState>();
        return services;
    }
}
