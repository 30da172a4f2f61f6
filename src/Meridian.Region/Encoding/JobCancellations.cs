using System.Collections.Concurrent;

namespace Meridian.Region.Encoder;

/// <summary>Running jobs by queue key, so that a cancel or delete request can stop the worker (and its ffmpeg) at once.</summary>
public sealed class JobCancellations
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    public void Register(string key, CancellationTokenSource source) => _running[key] = source;

    public void Unregister(string key) => _running.TryRemove(key, out _);

    /// <summary>Signals the worker running the job, if any; the worker then records the final state.</summary>
    public Task CancelAsync(string key) =>
        _running.TryGetValue(key, out var source) ? source.CancelAsync() : Task.CompletedTask;
}
