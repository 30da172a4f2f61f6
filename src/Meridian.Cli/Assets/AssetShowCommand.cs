using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Assets;

/// <summary><c>meridian asset show NAME</c>: one asset's properties.</summary>
public sealed class AssetShowCommand(Terminal terminal) : ApiCommand<AssetNameSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, AssetNameSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var asset = await client.GetAsync($"assets/{ControlPlaneClient.Segment(settings.Name)}", cancellationToken);
        Terminal.Write(Tables.Resource(asset.RequiredBody));
        return 0;
    }
}
