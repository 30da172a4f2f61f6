using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Assets;

/// <summary><c>meridian asset list</c>: the account's assets.</summary>
public sealed class AssetListCommand(Terminal terminal) : ApiCommand<ConnectionSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var assets = await client.ListAsync("assets", cancellationToken);
        if (assets.Count == 0)
        {
            Terminal.WriteLine("No assets.");
            return 0;
        }

        var table = Tables.Create("Name", "Asset ID", "Container", "Created", "Alternate ID", "Description");
        foreach (var asset in assets)
        {
            table.Row(
                Tables.Get(asset, "name"),
                Tables.Get(asset, "properties", "assetId"),
                Tables.Get(asset, "properties", "container"),
                Tables.Date(asset["properties"]?["created"]),
                Tables.Get(asset, "properties", "alternateId"),
                Tables.Get(asset, "properties", "description"));
        }

        Terminal.Write(table);
        return 0;
    }
}
