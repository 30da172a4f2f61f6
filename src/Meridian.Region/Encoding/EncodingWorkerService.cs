using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Meridian.Region.Metadata;

namespace Meridian.Region.Encoder;

/// <summary>
/// Runs <see cref="EncodingOptions.Workers"/> workers over the durable queue, highest priority first, then oldest. Jobs that
/// a previous run of the region left Scheduled or Processing are in the queue still, so they start again from the
/// beginning (their partial files are removed before the new upload).
/// </summary>
public sealed class EncodingWorkerService(
    IMetadataStore store, JobExecutor executor, EncodingWakeup wakeup, EncodingOptions options, ILogger<EncodingWorkerService> logger) : BackgroundService
{
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Disposing the host without stopping it (a test restart, a crash path) must not leave encoders running on a disposed
    /// store: cancel the workers (which kills their ffmpeg) and wait for them briefly.
    /// </summary>
    public override void Dispose()
    {
        base.Dispose();
        try
        {
            ExecuteTask?.Wait(TimeSpan.FromSeconds(15));
        }
        catch (AggregateException e)
        {
            logger.LogWarning(e, "Encoding workers ended with an error while stopping.");
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(0, options.Workers)).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var entries = await store.ReadAsync(EncodingQueue.All, stoppingToken);
                EncodingQueueEntry? next = null;
                lock (_inFlight)
                {
                    next = entries.FirstOrDefault(e => !_inFlight.Contains(e.Key));
                    if (next is not null)
                    {
                        _inFlight.Add(next.Key);
                    }
                }

                if (next is null)
                {
                    await wakeup.WaitAsync(options.PollInterval, stoppingToken);
                    continue;
                }

                try
                {
                    await executor.RunAsync(next, stoppingToken);
                }
                finally
                {
                    lock (_inFlight)
                    {
                        _inFlight.Remove(next.Key);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A worker must outlive one job's unexpected failure.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "Encoding worker error.");
                await Task.Delay(options.PollInterval, CancellationToken.None);
            }
        }
    }
}
