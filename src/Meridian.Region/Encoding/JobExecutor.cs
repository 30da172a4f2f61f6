using System.Diagnostics;
using System.Globalization;
using System.Text;
using Meridian.Region.ControlPlane.Assets;
using Meridian.Region.ControlPlane.Jobs;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.Transforms;
using Meridian.Region.Hosting;
using Meridian.Region.Metadata;
using Meridian.Region.Storage;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.Encoder;

/// <summary>
/// Runs one queued job: claim (Scheduled, Processing), link (or download) and probe the input once, then per transform
/// output, High <c>relativePriority</c> first, one ffmpeg run into a temporary directory beside the blob store, the files
/// moved into the output container (the <c>.ism</c> last, so a half-written asset has no manifest), and the output's
/// Finished state. A cancel kills ffmpeg and removes what the job wrote; a region shutdown leaves the job for recovery,
/// which starts it again from the beginning. The time each phase took is logged when the job ends.
/// </summary>
public sealed class JobExecutor(
    IMetadataStore store, IBlobStore blobs, IFfmpegRunner runner, InputFetcher fetcher, JobRecords records,
    JobCancellations cancellations, EncodingOptions options, RegionContext region, TimeProvider time, ILogger<JobExecutor> logger)
{
    /// <summary>Blob metadata that marks a file as written by a job, so a retry or cancel can remove it.</summary>
    public const string JobMetadata = "meridianjob";

    public async Task RunAsync(EncodingQueueEntry queued, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(queued);
        var key = queued.Key;
        var ended = new List<JobOutputAsset>();
        var times = new JobPhaseTimes(time);
        var claimStarted = times.Start();
        var claim = await store.WriteAsync(s => Claim(s, key, ended), CancellationToken.None);
        times.Stop("claim", claimStarted);
        if (claim is null)
        {
            // A job canceled or given up while the region was down: remove what its interrupted run wrote.
            foreach (var output in ended)
            {
                await CleanAsync(queued, output);
            }

            return;
        }

        var (entry, job, transform) = claim.Value;
        logger.LogDebug("Job {Job} claimed {WaitMs:F0} ms after it was queued (attempt {Attempt}).",
            key, (time.GetUtcNow() - entry.Enqueued).TotalMilliseconds, entry.Attempts);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        cancellations.Register(key, cancel);
        var directory = Path.Combine(options.TempDirectoryFor(region.Options.DataDirectory), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await RunOutputsAsync(entry, job, transform, directory, times, cancel);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            logger.LogInformation("Region stopping; job {Job} will start again after restart.", key);
        }
        catch (OperationCanceledException)
        {
            await FinishCanceledAsync(entry, job);
        }
        finally
        {
            cancellations.Unregister(key);
            var cleanStarted = times.Start();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not delete {Directory}.", directory);
            }

            times.Stop("cleanup", cleanStarted);
            var total = times.Total;
            var encode = times.Of("encode");
            logger.LogInformation(
                "Job {Job} ran {TotalMs:F0} ms, {OverheadMs:F0} ms of it outside ffmpeg encodes: {Phases}.",
                key, total.TotalMilliseconds, (total - encode).TotalMilliseconds, times.Summary());
        }
    }

    private (EncodingQueueEntry, JobProperties, TransformProperties)? Claim(IMetadataSession session, string key, List<JobOutputAsset> ended)
    {
        var entry = EncodingQueue.Get(session, key);
        if (entry is null)
        {
            return null;
        }

        var document = JobRecords.Load(session, entry.AccountScope, entry.Transform, entry.Job);
        var transformStored = session.Get(new ResourceKey(entry.AccountScope.Scope, TransformKind.CollectionName, entry.Transform));
        if (document is null || transformStored is null)
        {
            EncodingQueue.Remove(session, key);
            return null;
        }

        var job = document.Get<JobProperties>();
        var now = time.GetUtcNow();
        if (JobStates.IsFinal(job.State))
        {
            EncodingQueue.Remove(session, key);
            return null;
        }

        if (job.State == JobStates.Canceling)
        {
            ended.AddRange((job.Outputs ?? []).OfType<JobOutputAsset>());
            records.Save(session, entry.AccountScope, entry.Transform, document, job, CancelJobAction.With(job, JobStates.Canceled, now, final: true));
            EncodingQueue.Remove(session, key);
            return null;
        }

        if (entry.Attempts >= options.MaxAttempts)
        {
            var error = JobErrors.ServiceError($"The job was interrupted {entry.Attempts} times by region restarts; it was not started again.");
            ended.AddRange((job.Outputs ?? []).OfType<JobOutputAsset>());
            records.Save(session, entry.AccountScope, entry.Transform, document, job, Failed(job, error, now));
            EncodingQueue.Remove(session, key);
            return null;
        }

        entry = entry with { Attempts = entry.Attempts + 1 };
        EncodingQueue.Put(session, entry);
        var current = job;
        if (job.State == JobStates.Queued)
        {
            var scheduled = current with
            {
                State = JobStates.Scheduled,
                LastModified = now,
                Outputs = [.. (current.Outputs ?? []).Select(o => o with { State = JobStates.Scheduled })],
            };
            records.Save(session, entry.AccountScope, entry.Transform, document, current, scheduled);
            current = scheduled;
        }

        var processing = current with
        {
            State = JobStates.Processing,
            StartTime = now,
            EndTime = null,
            LastModified = now,
            Outputs = [.. (current.Outputs ?? []).Select(o => o with { State = JobStates.Processing, Progress = 0, StartTime = now, EndTime = null, Error = null })],
        };
        records.Save(session, entry.AccountScope, entry.Transform, document, current, processing);
        return (entry, processing, ResourceDocument.Deserialize(transformStored.Body).Get<TransformProperties>());
    }

    private async Task RunOutputsAsync(EncodingQueueEntry entry, JobProperties job, TransformProperties transform, string directory,
        JobPhaseTimes times, CancellationTokenSource cancel)
    {
        var outputs = job.Outputs ?? [];
        string input;
        string baseName;
        SourceInfo source;
        try
        {
            var started = times.Start();
            (input, baseName) = await fetcher.FetchAsync(entry, job.Input, directory, cancel.Token);
            logger.LogDebug("Job {Job} input ready in {Ms:F0} ms.", entry.Key, times.Stop("input", started).TotalMilliseconds);
            started = times.Start();
            source = await SourceProbe.ProbeAsync(runner, options, input, cancel.Token);
            logger.LogDebug("Job {Job} probe took {Ms:F0} ms.", entry.Key, times.Stop("probe", started).TotalMilliseconds);
        }
        catch (EncodingFailure failure)
        {
            await UpdateAsync(entry, (j, now) => Failed(j, failure.Error, now), final: true);
            return;
        }

        var clip = job.Input as JobInputClip;
        var start = (clip?.Start as AbsoluteClipTime)?.Time is { } s ? TransformKind.ParseDuration(s) : null;
        var end = (clip?.End as AbsoluteClipTime)?.Time is { } e ? TransformKind.ParseDuration(e) : null;
        if (start is { } clipStart && source.DurationSeconds > 0 && clipStart.TotalSeconds >= source.DurationSeconds)
        {
            // ffmpeg would write empty files, and the job would finish with an asset nothing can play.
            var late = JobErrors.ConfigurationUnsupported(
                $"The clip starts at {clipStart.TotalSeconds:0.###} s, at or after the end of the input ({source.DurationSeconds:0.###} s).");
            await UpdateAsync(entry, (j, now) => Failed(j, late, now), final: true);
            return;
        }

        var duration = Math.Max(0.001, (end?.TotalSeconds ?? source.DurationSeconds) - (start?.TotalSeconds ?? 0));
        // AMS: "The overall Job state will not reflect failures of outputs that are specified with 'ContinueJob'."
        bool StopsTheJob(int i) => (i < (transform.Outputs?.Count ?? 0) ? transform.Outputs![i].OnError : null) != OnErrorType.ContinueJob;
        var stopped = false;
        var first = true;
        foreach (var i in ProcessingOrder(transform, outputs.Count))
        {
            var index = i;
            var transformOutput = i < (transform.Outputs?.Count ?? 0) ? transform.Outputs![i] : null;
            try
            {
                if (!first)
                {
                    // Outputs run one after the other: this one begins now, not when the job was claimed.
                    var stamped = times.Start();
                    await UpdateAsync(entry, (j, now) => WithOutput(j, index, o => o with { StartTime = now }), final: false);
                    times.Stop("state", stamped);
                }

                first = false;
                if (transformOutput?.Preset is null)
                {
                    throw new EncodingFailure(JobErrors.ConfigurationUnsupported("The transform has no preset for this output."));
                }

                var plan = PresetPlanner.Plan(transformOutput.Preset, source, baseName);
                var outDir = Path.Combine(directory, "out" + i.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(outDir);
                var started = times.Start();
                var priority = transformOutput.RelativePriority == Priority.Low ? ProcessPriorityClass.BelowNormal : ProcessPriorityClass.Normal;
                await EncodeAsync(entry, index, plan, source, input, outDir, start, end, duration, priority, times, cancel);
                logger.LogDebug("Job {Job} output {Index} encode took {Ms:F0} ms.", entry.Key, index, times.Stop("encode", started).TotalMilliseconds);
                started = times.Start();
                await CommitAsync(entry, (JobOutputAsset)outputs[i], plan, source, baseName, outDir, cancel.Token);
                logger.LogDebug("Job {Job} output {Index} commit took {Ms:F0} ms.", entry.Key, index, times.Stop("commit", started).TotalMilliseconds);
                started = times.Start();
                await UpdateAsync(entry, (j, now) => WithOutput(j, index, o => o with { State = JobStates.Finished, Progress = 100, EndTime = now }), final: false);
                times.Stop("state", started);
            }
            catch (EncodingFailure failure)
            {
                stopped |= StopsTheJob(i);
                logger.LogWarning("Job {Job} output {Index} failed: {Code} {Message}", entry.Key, i, failure.Error.Code, failure.Error.Message);
                await CleanAsync(entry, (JobOutputAsset)outputs[i]);
                await UpdateAsync(entry, (j, now) => WithOutput(j, index, o => o with { State = JobStates.Error, Error = failure.Error, EndTime = now }), final: false);
                if (transformOutput?.OnError != OnErrorType.ContinueJob)
                {
                    break;
                }
            }
        }

        var finalStarted = times.Start();
        var final = await UpdateAsync(entry, (j, now) =>
        {
            var error = stopped || (j.Outputs ?? []).Where((o, i) => o.State == JobStates.Error && StopsTheJob(i)).Any();
            var state = error ? JobStates.Error : JobStates.Finished;
            return j with
            {
                State = state,
                EndTime = now,
                LastModified = now,
                Outputs = [.. (j.Outputs ?? []).Select(o => JobStates.IsFinal(o.State) ? o : o with
                {
                    State = JobStates.Error,
                    EndTime = now,
                    Error = JobErrors.ServiceError("The output was not processed because an earlier output failed and its transform output says StopProcessingJob."),
                })],
            };
        }, final: true);
        times.Stop("state", finalStarted);
        if (final is JobStates.Canceled or null)
        {
            // The cancel (or delete) came after the last upload: the canceled job must not leave its files behind.
            foreach (var output in outputs.OfType<JobOutputAsset>())
            {
                await CleanAsync(entry, output);
            }
        }
    }

    /// <summary>
    /// The order the job's outputs run in: the transform outputs' <c>relativePriority</c>, High first, then as listed. The
    /// outputs of one job run one after the other, so this is where the priority decides something.
    /// </summary>
    private static IEnumerable<int> ProcessingOrder(TransformProperties transform, int count) =>
        Enumerable.Range(0, count).OrderByDescending(i => i < (transform.Outputs?.Count ?? 0) ? transform.Outputs![i].RelativePriority ?? Priority.Normal : Priority.Normal);

    private async Task EncodeAsync(EncodingQueueEntry entry, int index, EncodePlan plan, SourceInfo source, string input, string outDir,
        TimeSpan? start, TimeSpan? end, double duration, ProcessPriorityClass priority, JobPhaseTimes times, CancellationTokenSource cancel)
    {
        var arguments = FfmpegCommand.Build(plan, source, input, outDir, start, end, options);
        var reported = 0;
        var lastMicros = -1L;
        var lastWrite = time.GetTimestamp();
        var lastHeartbeat = lastWrite;
        var chain = Task.CompletedTask;

        // True when the encoder's output time moved: ffmpeg repeats its progress block while stuck, which is not progress.
        bool OnLine(string line)
        {
            if (!line.StartsWith("out_time_us=", StringComparison.Ordinal) ||
                !long.TryParse(line.AsSpan("out_time_us=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros))
            {
                return false;
            }

            if (micros <= lastMicros)
            {
                return false;
            }

            lastMicros = micros;
            var progress = (int)Math.Clamp(micros / 1e6 / duration * 100, 0, 99);
            if (time.GetElapsedTime(lastHeartbeat) >= options.ProgressHeartbeat)
            {
                lastHeartbeat = time.GetTimestamp();
                logger.LogInformation("Job {Job} output {Index} is encoding: {Progress} %, {Seconds:F1} s of {Duration:F1} s written.",
                    entry.Key, index, progress, micros / 1e6, duration);
            }

            // AMS sends JobOutputProgress on a 5 % step or a 30 s heartbeat; each is a database write and an event, so
            // never more than one per ProgressInterval however fast a short clip encodes.
            var sinceWrite = time.GetElapsedTime(lastWrite);
            if (progress > reported && sinceWrite >= options.ProgressInterval &&
                (progress >= reported + 5 || sinceWrite >= options.ProgressHeartbeat))
            {
                reported = progress;
                lastWrite = time.GetTimestamp();
                chain = chain.ContinueWith(async _ =>
                {
                    var started = times.Start();
                    await ProgressAsync(entry, index, progress, cancel);
                    times.Stop("progress writes (during encode)", started);
                }, TaskScheduler.Default).Unwrap();
            }

            return true;
        }

        var outcome = await runner.RunAsync(options.FfmpegPath, arguments, OnLine, options.EncodeTimeout, options.StuckAfter, priority, cancel.Token);
        await chain;
        cancel.Token.ThrowIfCancellationRequested();
        if (outcome.Stalled)
        {
            logger.LogWarning("Job {Job} output {Index}: the encoder made no progress for {StuckAfter} and was killed.", entry.Key, index, options.StuckAfter);
            throw new EncodingFailure(JobErrors.ServiceError($"The encoder made no progress for {options.StuckAfter} and was stopped."));
        }

        if (outcome.TimedOut)
        {
            throw new EncodingFailure(JobErrors.ServiceError($"The encoder ran longer than {options.EncodeTimeout} and was stopped."));
        }

        if (outcome.ExitCode != 0)
        {
            var message = FirstLines(outcome.StandardError).Replace(Path.GetDirectoryName(input) + "/", "", StringComparison.Ordinal);
            // An exit by signal (a crash or a kill) is the service's fault; a decode error is the content's.
            var crashed = outcome.ExitCode is < 0 or > 128;
            var malformed = !crashed && (message.Contains("Invalid data", StringComparison.OrdinalIgnoreCase) ||
                message.Contains("corrupt", StringComparison.OrdinalIgnoreCase) ||
                message.Contains("Error while decoding", StringComparison.OrdinalIgnoreCase) ||
                message.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase));
            throw new EncodingFailure(malformed
                ? JobErrors.ContentMalformed($"The input could not be decoded: {message}")
                : JobErrors.ServiceError($"The encoder failed (exit code {outcome.ExitCode}): {message}"));
        }

        foreach (var rendition in plan.Renditions)
        {
            if (!File.Exists(Path.Combine(outDir, rendition.FileName)))
            {
                throw new EncodingFailure(JobErrors.ServiceError($"The encoder did not write '{rendition.FileName}'."));
            }
        }
    }

    private async Task ProgressAsync(EncodingQueueEntry entry, int index, int progress, CancellationTokenSource cancel)
    {
        var state = await UpdateAsync(entry, (j, _) => j.State == JobStates.Processing ? WithOutput(j, index, o => o with { Progress = progress }) : j, final: false);
        if (state is null or JobStates.Canceling)
        {
            await cancel.CancelAsync();
        }
    }

    private async Task CommitAsync(EncodingQueueEntry entry, JobOutputAsset output, EncodePlan plan, SourceInfo source, string baseName, string outDir, CancellationToken cancellationToken)
    {
        var container = await store.ReadAsync(s => s.Get(new ResourceKey(entry.AccountScope.Scope, AssetKind.CollectionName, output.AssetName!)) is { } a
            ? ResourceDocument.Deserialize(a.Body).Get<AssetProperties>().Container
            : null, cancellationToken) ?? throw new EncodingFailure(JobErrors.UploadNotAccessible($"The output asset '{output.AssetName}' no longer exists."));
        await CleanContainerAsync(container, entry.Key);
        var write = new BlobWriteOptions { Metadata = new Dictionary<string, string> { [JobMetadata] = MetadataValue(entry.Key) } };
        var sizes = plan.Renditions.ToDictionary(r => r.FileName, r => new FileInfo(Path.Combine(outDir, r.FileName)).Length, StringComparer.Ordinal);
        try
        {
            // The encoder wrote the files beside the store, so each is moved in by a rename; what remains per file is its
            // MD5 and a flush to disk, which run on every core (the encoder has exited).
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(plan.Renditions, parallel, async (rendition, token) =>
                await blobs.WriteFileAsync(container, rendition.FileName, Path.Combine(outDir, rendition.FileName),
                    write with { Content = new BlobContentProperties { ContentType = "video/mp4" } }, token));

            var metadata = Encoding.UTF8.GetBytes(OutputMetadataWriter.Write(plan, source, baseName, sizes));
            await blobs.WriteAsync(container, $"{baseName}_manifest.json", new MemoryStream(metadata),
                write with { Content = new BlobContentProperties { ContentType = "application/json" } }, cancellationToken);
            var ism = Encoding.UTF8.GetBytes(ServerManifestWriter.Write(plan));
            await blobs.WriteAsync(container, $"{baseName}.ism", new MemoryStream(ism),
                write with { Content = new BlobContentProperties { ContentType = "application/octet-stream" } }, cancellationToken);
        }
        catch (Exception e) when (e is BlobStorageException or IOException)
        {
            await CleanContainerAsync(container, entry.Key);
            throw new EncodingFailure(JobErrors.UploadTransientError($"Writing the output failed: {e.Message}"), e);
        }
        catch (OperationCanceledException)
        {
            await CleanContainerAsync(container, entry.Key);
            throw;
        }
    }

    private async Task CleanAsync(EncodingQueueEntry entry, JobOutputAsset output)
    {
        var container = await store.ReadAsync(s => s.Get(new ResourceKey(entry.AccountScope.Scope, AssetKind.CollectionName, output.AssetName ?? "")) is { } a
            ? ResourceDocument.Deserialize(a.Body).Get<AssetProperties>().Container
            : null, CancellationToken.None);
        if (container is not null)
        {
            await CleanContainerAsync(container, entry.Key);
        }
    }

    /// <summary>Removes the files an earlier (interrupted or canceled) run of the job wrote.</summary>
    private Task CleanContainerAsync(string container, string key)
    {
        if (!blobs.ContainerExists(container))
        {
            return Task.CompletedTask;
        }

        var marker = MetadataValue(key);
        string? next = null;
        do
        {
            var page = blobs.List(container, new BlobListOptions { Marker = next });
            foreach (var blob in page.Entries)
            {
                if (blob.Blob?.Metadata is { } meta && meta.TryGetValue(JobMetadata, out var value) && value == marker)
                {
                    blobs.DeleteBlob(container, blob.Name);
                }
            }

            next = page.NextMarker;
        }
        while (next is not null);
        return Task.CompletedTask;
    }

    private async Task FinishCanceledAsync(EncodingQueueEntry entry, JobProperties job)
    {
        foreach (var output in (job.Outputs ?? []).OfType<JobOutputAsset>())
        {
            await CleanAsync(entry, output);
        }

        await UpdateAsync(entry, (j, now) =>
        {
            var canceling = j.State == JobStates.Canceling ? j : CancelJobAction.With(j, JobStates.Canceling, now, final: false);
            return CancelJobAction.With(canceling, JobStates.Canceled, now, final: true);
        }, final: true);
    }

    /// <summary>Applies a change to the stored job in one transaction; returns the resulting state, or null if the job is gone.</summary>
    private Task<string?> UpdateAsync(EncodingQueueEntry entry, Func<JobProperties, DateTimeOffset, JobProperties> change, bool final) =>
        store.WriteAsync(session =>
        {
            var document = JobRecords.Load(session, entry.AccountScope, entry.Transform, entry.Job);
            if (document is null)
            {
                EncodingQueue.Remove(session, entry.Key);
                return null;
            }

            var before = document.Get<JobProperties>();
            if (before.Created is { } created && created != entry.Enqueued)
            {
                // A job created under the same name after this run's job was deleted: not this run's to change, nor its
                // queue entry to remove.
                return null;
            }

            var now = time.GetUtcNow();
            var after = change(before, now);
            if (before.State == JobStates.Canceling && !final && after.State != JobStates.Canceled)
            {
                // A cancel arrived: only the cancel path may move the job on.
                return before.State;
            }

            // Finishing with Canceling stored: the cancel wins over Finished.
            if (final && before.State == JobStates.Canceling && after.State is JobStates.Finished or JobStates.Error)
            {
                after = CancelJobAction.With(before, JobStates.Canceled, now, final: true);
            }

            if (after != before)
            {
                records.Save(session, entry.AccountScope, entry.Transform, document, before, after with { LastModified = now });
            }

            if (final)
            {
                EncodingQueue.Remove(session, entry.Key);
            }

            return after.State;
        }, CancellationToken.None);

    private static JobProperties WithOutput(JobProperties job, int index, Func<JobOutput, JobOutput> change) =>
        job with { Outputs = [.. (job.Outputs ?? []).Select((o, i) => i == index ? change(o) : o)] };

    private static JobProperties Failed(JobProperties job, JobError error, DateTimeOffset now) =>
        job with
        {
            State = JobStates.Error,
            EndTime = now,
            LastModified = now,
            Outputs = [.. (job.Outputs ?? []).Select(o => JobStates.IsFinal(o.State) ? o : o with { State = JobStates.Error, Error = error, EndTime = now })],
        };

    private static string MetadataValue(string key) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32].ToLowerInvariant();

    private static string FirstLines(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3).Select(l => l.Trim()));
}
