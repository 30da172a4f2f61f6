using Meridian.Region.Metadata;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// Counts the uses of tokens that carry <c>maxuses</c> (token replay prevention) in the region's metadata store, so a
/// restart does not hand a token's uses out again. Each region counts on its own: behind a global key hostname a token
/// can be used up to <c>maxuses</c> times in every region. Tokens with <c>maxuses</c> expire within
/// <see cref="KeyDeliveryOptions.MaxUsesTokenLifetime"/>, after which their rows are pruned.
/// </summary>
public sealed class TokenUseCounter(IMetadataStore store, KeyDeliveryOptions options, TimeProvider time)
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);
    private long _nextPruneTicks;

    /// <summary>Spends one use of the token; false when its uses are spent.</summary>
    public Task<bool> TryConsumeAsync(TokenUse use, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(use);
        var now = time.GetUtcNow();
        var prune = now.UtcTicks >= Interlocked.Read(ref _nextPruneTicks);
        if (prune)
        {
            Interlocked.Exchange(ref _nextPruneTicks, (now + PruneInterval).UtcTicks);
        }

        return store.WriteAsync(
            session =>
            {
                if (prune)
                {
                    session.PruneTokenUses(now);
                }

                return session.TrySpendTokenUse(use.Id, use.MaxUses, use.Expires + options.ClockSkew);
            },
            cancellationToken);
    }
}
