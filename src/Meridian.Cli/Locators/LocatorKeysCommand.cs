using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Locators;

/// <summary><c>meridian locator keys NAME</c>: the locator's content keys with their values (<c>listContentKeys</c>).</summary>
public sealed class LocatorKeysCommand(Terminal terminal) : ApiCommand<LocatorNameSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, LocatorNameSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var response = await client.PostAsync(
            $"streamingLocators/{ControlPlaneClient.Segment(settings.Name)}/listContentKeys", null, cancellationToken);
        var keys = (response.RequiredBody["contentKeys"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (keys.Count == 0)
        {
            Terminal.WriteLine($"Locator {settings.Name} has no content keys (its streaming policy does not encrypt).");
            return 0;
        }

        var table = Tables.Create("Key ID", "Type", "Label", "Policy", "Value (base64)");
        foreach (var key in keys)
        {
            table.Row(
                Tables.Get(key, "id"),
                Tables.Get(key, "type"),
                Tables.Get(key, "labelReferenceInStreamingPolicy"),
                Tables.Get(key, "policyName"),
                Tables.Get(key, "value"));
        }

        Terminal.Write(table);
        return 0;
    }
}
