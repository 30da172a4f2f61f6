using System.ComponentModel;
using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Jobs;

/// <summary>
/// <c>meridian job submit ASSET --preset P [--wait]</c>: encodes an asset into a new output asset. The transform (named after the
/// preset unless <c>--transform</c> names one) is created when missing; <c>--wait</c> follows the job with a live progress bar.
/// </summary>
public sealed class JobSubmitCommand(Terminal terminal, TimeProvider time) : ApiCommand<JobSubmitCommand.Settings>(terminal)
{
    public sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<ASSET>")]
        [Description("Input asset")]
        public string Asset { get; init; } = "";

        [CommandOption("--preset <PRESET>")]
        [Description("Built-in preset (default AdaptiveStreaming)")]
        public string Preset { get; init; } = "AdaptiveStreaming";

        [CommandOption("--transform <NAME>")]
        [Description("Transform to use (default: one named after the preset, created if missing)")]
        public string? Transform { get; init; }

        [CommandOption("--output <ASSET>")]
        [Description("Output asset, created if missing (default: named after the job)")]
        public string? Output { get; init; }

        [CommandOption("--job <NAME>")]
        [Description("Job name (default: generated)")]
        public string? Job { get; init; }

        [CommandOption("--priority <PRIORITY>")]
        [Description("Low, Normal (default) or High")]
        public string Priority { get; init; } = "Normal";

        [CommandOption("--wait")]
        [Description("Follow the job until it ends; exit 1 unless it finishes")]
        public bool Wait { get; init; }

        [CommandOption("--timeout <SECONDS>")]
        [Description("With --wait: give up after this many seconds (default 3600)")]
        public int TimeoutSeconds { get; init; } = 3600;

        public override ValidationResult Validate() =>
            Priority.ToUpperInvariant() is "LOW" or "NORMAL" or "HIGH" ? base.Validate() : ValidationResult.Error($"--priority must be Low, Normal or High, not '{Priority}'.");
    }

    protected override async Task<int> RunAsync(ControlPlaneClient client, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        await client.GetAsync($"assets/{ControlPlaneClient.Segment(settings.Asset)}", cancellationToken);

        var transform = settings.Transform ?? settings.Preset;
        var transformPath = $"transforms/{ControlPlaneClient.Segment(transform)}";
        try
        {
            await client.GetAsync(transformPath, cancellationToken);
        }
        catch (ApiException e) when (e.Status == 404 && settings.Transform is null)
        {
            await client.PutAsync(transformPath, TransformCreateCommand.Body($"Created by meridian job submit for {settings.Preset}", settings.Preset),
                cancellationToken);
            Terminal.WriteLine($"Created transform {transform}.");
        }

        var job = settings.Job ?? $"{settings.Asset}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4))}";
        var output = settings.Output ?? job;
        var jobPath = $"{transformPath}/jobs/{ControlPlaneClient.Segment(job)}";
        if (await ExistsAsync(client, jobPath, cancellationToken))
        {
            // A PUT would only update its description and priority: nothing would be encoded.
            throw new CliException($"transform {transform} already has a job named {job}; choose another --job.");
        }

        // An existing output asset is used as it is (a PUT would reset its description and alternate id); one made here
        // is removed again when the job is refused.
        var outputPath = $"assets/{ControlPlaneClient.Segment(output)}";
        var createdOutput = !await ExistsAsync(client, outputPath, cancellationToken);
        if (createdOutput)
        {
            await client.PutAsync(outputPath, new JsonObject { ["properties"] = new JsonObject() }, cancellationToken);
        }

        try
        {
            await client.PutAsync(jobPath, new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["priority"] = settings.Priority,
                    ["input"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobInputAsset", ["assetName"] = settings.Asset },
                    ["outputs"] = new JsonArray(new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobOutputAsset", ["assetName"] = output }),
                },
            }, cancellationToken);
        }
        catch (ApiException) when (createdOutput)
        {
            await client.DeleteAsync(outputPath, CancellationToken.None);
            throw;
        }

        Terminal.WriteLine($"Submitted job {job} (transform {transform}) encoding {settings.Asset} into {output}.");
        if (!settings.Wait)
        {
            return 0;
        }

        JsonObject last = new();
        var deadline = time.GetUtcNow().AddSeconds(Math.Max(1, settings.TimeoutSeconds));
        await Terminal.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{job}: Queued", maxValue: 100);
                while (true)
                {
                    last = (await client.GetAsync(jobPath, cancellationToken)).RequiredBody;
                    var state = (string?)last["properties"]?["state"] ?? "?";
                    task.Description = $"{job}: {state}";
                    task.Value = Jobs.Progress(last);
                    if (Jobs.FinalStates.Contains(state))
                    {
                        if (state == "Finished")
                        {
                            task.Value = 100;
                        }

                        task.StopTask();
                        return;
                    }

                    if (time.GetUtcNow() > deadline)
                    {
                        throw new CliException($"job {job} is still {state} after {settings.TimeoutSeconds} s.");
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
                }
            });

        var final = (string?)last["properties"]?["state"];
        if (final == "Finished")
        {
            Terminal.WriteLine($"Job {job} finished; output asset {output}.");
            return 0;
        }

        var errors = (last["properties"]?["outputs"]?.AsArray() ?? []).OfType<JsonObject>()
            .Select(o => o["error"]).OfType<JsonObject>()
            .Select(e => $"{(string?)e["code"]} ({(string?)e["retry"]}): {(string?)e["message"]}");
        Terminal.Error.WriteLine($"error: job {job} ended {final}. {string.Join("; ", errors)}");
        return 1;
    }

    private static async Task<bool> ExistsAsync(ControlPlaneClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetAsync(path, cancellationToken);
            return true;
        }
        catch (ApiException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
