namespace Meridian.Region.KeyDelivery;

/// <summary>
/// Counts the uses of tokens that carry <c>maxuses</c> (token replay prevention). The counts live in memory, per region
/// process: a restart forgets them, and other regions count separately, so a token can be used up to <c>maxuses</c> times
/// in each region and again after a restart. Tokens with <c>maxuses</c> expire within an hour, which bounds both the
/// memory and the window a restart reopens.
/// </summary>
public sealed class TokenUseCounter(KeyDeliveryOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Count, DateTimeOffset Forget)> _uses = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>How many tokens are being counted.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _uses.Count;
            }
        }
    }

    /// <summary>Spends one use of the token; false when its uses are spent (or the counter is full).</summary>
    public bool TryConsume(TokenUse use)
    {
        ArgumentNullException.ThrowIfNull(use);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Sweep(now);
            if (_uses.TryGetValue(use.Id, out var entry))
            {
                if (entry.Count >= use.MaxUses)
                {
                    return false;
                }

                _uses[use.Id] = (entry.Count + 1, entry.Forget);
                return true;
            }

            if (_uses.Count >= options.MaxTrackedTokens)
            {
                return false;
            }

            _uses[use.Id] = (1, use.Expires + options.ClockSkew);
            return true;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep && _uses.Count < options.MaxTrackedTokens)
        {
            return;
        }

        _nextSweep = now + TimeSpan.FromMinutes(1);
        foreach (var (id, entry) in _uses)
        {
            if (entry.Forget < now)
            {
                _uses.Remove(id);
            }
        }
    }
}
