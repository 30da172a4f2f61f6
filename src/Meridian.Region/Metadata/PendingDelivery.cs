namespace Meridian.Region.Metadata;

/// <summary>The oldest undelivered event of one subscription for one subject: the only one of that queue that may be sent.</summary>
/// <param name="Event">The event.</param>
/// <param name="Subscription">The subscription's name key (lower-case); it lives in <see cref="StoredEvent.Scope"/>.</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="NextAttempt">When it may be sent.</param>
public sealed record PendingDelivery(StoredEvent Event, string Subscription, int Attempts, DateTimeOffset NextAttempt);
