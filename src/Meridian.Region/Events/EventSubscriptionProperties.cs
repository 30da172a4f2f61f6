namespace Meridian.Region.Events;

/// <summary>
/// <c>Microsoft.Media/mediaservices/eventSubscriptions</c> properties: a Meridian resource modelled on Event Grid's
/// event subscription (destination, filter, provisioningState), scoped to the account's topic.
/// </summary>
public sealed record EventSubscriptionProperties
{
    public EventSubscriptionDestination? Destination { get; init; }

    public EventSubscriptionFilter? Filter { get; init; }

    public string? Topic { get; init; }

    public string? ProvisioningState { get; init; }

    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? LastModified { get; init; }
}
