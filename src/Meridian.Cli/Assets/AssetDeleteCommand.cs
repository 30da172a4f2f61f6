using Meridian.Cli.Client;

namespace Meridian.Cli.Assets;

/// <summary><c>meridian asset delete NAME</c>: deletes an asset, its locators and its files.</summary>
public sealed class AssetDeleteCommand(Terminal terminal) : ApiCommand<AssetNameSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, AssetNameSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var existed = await client.DeleteAsync($"assets/{ControlPlaneClient.Segment(settings.Name)}", cancellationToken);
        Terminal.WriteLine(existed ? $"Deleted asset {settings.Name}." : $"Asset {settings.Name} did not exist.");
        return 0;
    }
}
