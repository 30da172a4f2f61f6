using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Locators;

/// <summary><c>meridian locator list</c>: the account's streaming locators.</summary>
public sealed class LocatorListCommand(Terminal terminal) : ApiCommand<ConnectionSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var locators = await client.ListAsync("streamingLocators", cancellationToken);
        if (locators.Count == 0)
        {
            Terminal.WriteLine("No streaming locators.");
            return 0;
        }

        var table = Tables.Create("Name", "Asset", "Locator ID", "Streaming policy", "Content key policy", "Created", "Ends");
        foreach (var locator in locators)
        {
            table.Row(
                Tables.Get(locator, "name"),
                Tables.Get(locator, "properties", "assetName"),
                Tables.Get(locator, "properties", "streamingLocatorId"),
                Tables.Get(locator, "properties", "streamingPolicyName"),
                Tables.Get(locator, "properties", "defaultContentKeyPolicyName"),
                Tables.Date(locator["properties"]?["created"]),
                Tables.Date(locator["properties"]?["endTime"]));
        }

        Terminal.Write(table);
        return 0;
    }
}
