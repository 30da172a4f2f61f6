using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Endpoints;

/// <summary><c>meridian endpoint list</c>: the account's streaming endpoints, their state and where they serve.</summary>
public sealed class EndpointListCommand(Terminal terminal) : ApiCommand<ConnectionSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var endpoints = await client.ListAsync("streamingEndpoints", cancellationToken);
        var table = Tables.Create("Name", "State", "Scale units", "Max cache age", "Streaming URL");
        foreach (var endpoint in endpoints)
        {
            table.Row(
                Tables.Get(endpoint, "name"),
                Tables.Get(endpoint, "properties", "resourceState"),
                Tables.Get(endpoint, "properties", "scaleUnits"),
                Tables.Get(endpoint, "properties", "maxCacheAge"),
                Tables.Get(endpoint, "properties", "streamingBaseUrl"));
        }

        Terminal.Write(table);
        return 0;
    }
}
