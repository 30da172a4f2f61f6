using Meridian.Region.Hosting;
using Meridian.Region.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.Encoder;

/// <summary>
/// Runs <see cref="EncodingOptions.Workers"/> workers over the durable queue, highest priority first, then oldest. Jobs that
/// a previous run of the region left Scheduled or Processing are in the queue still, so they start again from the
/// beginning (their partial files are removed before the new upload).
/// </summary>
public sealed class EncodingWorkerService(
    IMetadataStore store, JobExecutor executor, EncodingWakeup wakeup, EncodingOptions options, RegionContext region, ILogger<EncodingWorkerService> logger) : BackgroundService
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

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Workers <= 0)
        {
            return Task.CompletedTask;
        }

        PurgeTemporaryFiles();
        return Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));
    }

    // Nothing runs yet, so whatever is in the region's temporary directory, or still encodes into it, was left by a run
    // that was killed.
    private void PurgeTemporaryFiles()
    {
        var root = options.TempDirectoryFor(region.Options.DataDirectory);
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var pid in OrphanEncoders.KillAll(root))
        {
            logger.LogWarning("Killed encoder process {Pid} left running by an earlier run of the region.", pid);
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(root))
        {
            try
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not delete {Path}.", entry);
            }
            catch (UnauthorizedAccessException e)
            {
                logger.LogWarning(e, "Could not delete {Path}.", entry);
            }
        }
    }

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
