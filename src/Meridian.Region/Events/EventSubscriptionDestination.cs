namespace Meridian.Region.Events;

/// <summary>Where a subscription's events go. Only <c>WebHook</c> endpoints are served.</summary>
public sealed record EventSubscriptionDestination
{
    public string? EndpointType { get; init; }

    /// <summary>An absolute http or https URL; events are POSTed to it.</summary>
    public string? EndpointUrl { get; init; }
}
