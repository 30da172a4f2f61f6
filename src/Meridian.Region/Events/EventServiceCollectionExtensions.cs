using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.Events;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers job events: the Event Grid sink, webhook subscriptions, the delivery service and the pull endpoint.</summary>
public static class EventServiceCollectionExtensions
{
    public static IServiceCollection AddJobEvents(this IServiceCollection services)
    {
        services.AddOptions<EventDeliveryOptions>();
        services.AddSingleton<EventDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<EventDelivery>());
        services.AddSingleton<IJobEventSink, EventGridJobEventSink>();
        services.AddKind<EventSubscriptionKind>();
        services.AddSingleton<EventEndpoints>();
        services.AddSingleton<IAccountCleaner, EventAccountCleaner>();
        return services;
    }
}
