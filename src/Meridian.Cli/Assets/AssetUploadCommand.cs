using System.ComponentModel;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Meridian.Cli.Client;
using Meridian.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Assets;

/// <summary>
/// <c>meridian asset upload NAME FILE...</c>: uploads files into an asset's container (creating the asset if needed) with
/// the official Azure Blob client over a ReadWrite SAS, as an AMS client would. Each file becomes a blob of the same name.
/// </summary>
public sealed class AssetUploadCommand(Terminal terminal, TimeProvider time) : ApiCommand<AssetUploadCommand.Settings>(terminal)
{
    public sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("Asset name; created if missing")]
        public string Name { get; init; } = "";

        [CommandArgument(1, "<FILES>")]
        [Description("Files to upload; each becomes a blob named after the file")]
        public string[] Files { get; init; } = [];
    }

    protected override async Task<int> RunAsync(ControlPlaneClient client, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var files = settings.Files.Select(f => new FileInfo(f)).ToList();
        foreach (var file in files.Where(f => !f.Exists))
        {
            throw new CliException($"no such file: {file.FullName}");
        }

        if (files.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new CliException($"two files would both become the blob '{clash.Key}'.");
        }

        var assetPath = $"assets/{ControlPlaneClient.Segment(settings.Name)}";
        try
        {
            await client.GetAsync(assetPath, cancellationToken);
        }
        catch (ApiException e) when (e.Status == 404)
        {
            await client.PutAsync(assetPath, new JsonObject { ["properties"] = new JsonObject() }, cancellationToken);
            Terminal.WriteLine($"Created asset {settings.Name}.");
        }

        var container = await AssetContainers.OpenAsync(client, settings.Name, "ReadWrite", time, cancellationToken);
        await Terminal.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var tasks = files.Select(f => (File: f, Task: progress.AddTask(f.Name, autoStart: false, maxValue: Math.Max(1, f.Length)))).ToList();
                foreach (var (file, task) in tasks)
                {
                    task.StartTask();
                    await using var stream = file.OpenRead();
                    await container.GetBlobClient(file.Name).UploadAsync(stream, new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypes.Of(file.Name) },
                        ProgressHandler = new TransferProgress(task),
                    }, cancellationToken);
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            });

        var table = Tables.Create("Blob", "Bytes", "From");
        foreach (var file in files)
        {
            table.Row(file.Name, file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), file.FullName);
        }

        Terminal.WriteLine($"Uploaded {files.Count} file(s) to asset {settings.Name}.");
        Terminal.Write(table);
        return 0;
    }
}
