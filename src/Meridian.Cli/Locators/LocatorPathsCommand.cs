using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Locators;

/// <summary>
/// <c>meridian locator paths NAME</c>: the locator's streaming and download URLs (<c>listPaths</c>), made absolute with the
/// region's streaming endpoint from <c>up.json</c>.
/// </summary>
public sealed class LocatorPathsCommand(Terminal terminal) : ApiCommand<LocatorNameSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, LocatorNameSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var response = await client.PostAsync($"streamingLocators/{ControlPlaneClient.Segment(settings.Name)}/listPaths", null, cancellationToken);
        var body = response.RequiredBody;
        var streaming = client.Connection.Streaming;
        Terminal.WriteLine(streaming is null
            ? $"Paths of locator {settings.Name} (relative: no streaming endpoint is known without up.json):"
            : $"Paths of locator {settings.Name} on {streaming}:");

        var table = Tables.Create("Protocol", "Encryption", "URL");
        var rows = 0;
        foreach (var entry in (body["streamingPaths"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var path in (entry["paths"] as JsonArray ?? []).Select(Tables.Text))
            {
                table.Row(Tables.Get(entry, "streamingProtocol"), Tables.Get(entry, "encryptionScheme"), Absolute(streaming, path));
                rows++;
            }
        }

        foreach (var path in (body["downloadPaths"] as JsonArray ?? []).Select(Tables.Text))
        {
            table.Row("Download", "", Absolute(streaming, path));
            rows++;
        }

        if (rows == 0)
        {
            Terminal.WriteLine("None yet: the asset has no streamable or downloadable files.");
            return 0;
        }

        Terminal.Write(table);
        return 0;
    }

    /// <summary>Joins the streaming base (<c>http://host:port/</c>) and a host-relative path (<c>/id/x.ism/manifest</c>).</summary>
    public static string Absolute(Uri? streaming, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return streaming is null ? path : streaming.GetLeftPart(UriPartial.Authority) + "/" + path.TrimStart('/');
    }
}
