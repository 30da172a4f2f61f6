namespace Meridian.Region.Events;

/// <summary>How job events are delivered to webhooks. Defaults follow Event Grid's retry policy where it has one.</summary>
public sealed class EventDeliveryOptions
{
    /// <summary>The wait after the first failed attempt; it doubles with each failure. The default is 1 second.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts. The default is 60 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts before an event is abandoned for a subscription. The default is 30, as in Event Grid.</summary>
    public int MaxDeliveryAttempts { get; set; } = 30;

    /// <summary>How long after it was raised an event may still be delivered. The default is 24 hours, as in Event Grid.</summary>
    public TimeSpan EventTimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the pull endpoint keeps events that no subscription waits for. The default is 7 days.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long one POST may take before it counts as failed. The default is 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox is read when nothing wakes the sender (missed wake-ups, retries). The default is 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many deliveries (to distinct subscription and subject queues) run at once. The default is 16.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>The wait after the <paramref name="attempts"/>-th failure: doubling from the initial delay, capped.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = InitialRetryDelay * factor;
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }
}
