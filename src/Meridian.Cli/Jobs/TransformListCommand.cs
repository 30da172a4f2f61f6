using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Jobs;

/// <summary><c>meridian transform list</c>.</summary>
public sealed class TransformListCommand(Terminal terminal) : ApiCommand<ConnectionSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var transforms = await client.ListAsync("transforms", cancellationToken);
        if (transforms.Count == 0)
        {
            Terminal.WriteLine("No transforms.");
            return 0;
        }

        var table = Tables.Create("Name", "Presets", "Description", "Created");
        foreach (var transform in transforms)
        {
            var presets = (transform["properties"]?["outputs"]?.AsArray() ?? [])
                .Select(o => (string?)o?["preset"]?["presetName"] ?? ((string?)o?["preset"]?["@odata.type"])?.Split('.')[^1] ?? "?");
            table.Row(
                Tables.Get(transform, "name"),
                string.Join(", ", presets),
                Tables.Get(transform, "properties", "description"),
                Tables.Date(transform["properties"]?["created"]));
        }

        Terminal.Write(table);
        return 0;
    }
}
