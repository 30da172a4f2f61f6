using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.Encoder;

/// <summary>A job waiting for, or held by, a worker. <see cref="Attempts"/> counts starts, so a job that keeps crashing the region stops.</summary>
public sealed record EncodingQueueEntry
{
    public required string Subscription { get; init; }

    public required string ResourceGroup { get; init; }

    public required string Account { get; init; }

    public required string Transform { get; init; }

    public required string Job { get; init; }

    /// <summary>0 Low, 1 Normal, 2 High: higher runs first, then the oldest.</summary>
    public int Priority { get; init; }

    public DateTimeOffset Enqueued { get; init; }

    public int Attempts { get; init; }

    public AccountScope AccountScope => new(Subscription, ResourceGroup, Account);

    /// <summary>The queue key of a job: unique per job in the region.</summary>
    public string Key => KeyOf(AccountScope, Transform, Job);

    public static string KeyOf(AccountScope account, string transform, string job)
    {
        ArgumentNullException.ThrowIfNull(account);
        return $"{account.Scope}/transforms/{transform}/jobs/{job}".ToLowerInvariant();
    }
}
