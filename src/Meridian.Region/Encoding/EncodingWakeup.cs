namespace Meridian.Region.Encoder;

/// <summary>Wakes idle workers when a job is queued, so a job starts without waiting for the next poll.</summary>
public sealed class EncodingWakeup
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Wake() => _signal.Release();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
