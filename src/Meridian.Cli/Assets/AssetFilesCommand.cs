using System.Globalization;
using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Assets;

/// <summary><c>meridian asset files NAME</c>: the blobs in an asset's container, read over a Read SAS.</summary>
public sealed class AssetFilesCommand(Terminal terminal, TimeProvider time) : ApiCommand<AssetNameSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, AssetNameSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var container = await AssetContainers.OpenAsync(client, settings.Name, "Read", time, cancellationToken);
        var table = Tables.Create("Blob", "Bytes", "Content type", "Last modified");
        var count = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            count++;
            table.Row(
                blob.Name,
                blob.Properties.ContentLength?.ToString(CultureInfo.InvariantCulture),
                blob.Properties.ContentType,
                blob.Properties.LastModified?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        if (count == 0)
        {
            Terminal.WriteLine($"Asset {settings.Name} has no files.");
            return 0;
        }

        Terminal.Write(table);
        return 0;
    }
}
