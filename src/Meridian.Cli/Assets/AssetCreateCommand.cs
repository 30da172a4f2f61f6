using System.ComponentModel;
using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Assets;

/// <summary>
/// <c>meridian asset create NAME</c>: creates an asset, or updates the description and alternate id an existing one gets
/// from the options given, leaving the other.
/// </summary>
public sealed class AssetCreateCommand(Terminal terminal) : ApiCommand<AssetCreateCommand.Settings>(terminal)
{
    public sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("Asset name")]
        public string Name { get; init; } = "";

        [CommandOption("--description <TEXT>")]
        [Description("Free text describing the asset")]
        public string? Description { get; init; }

        [CommandOption("--alternate-id <ID>")]
        [Description("Your own id for the asset, e.g. from a content system")]
        public string? AlternateId { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Name) ? ValidationResult.Error("NAME cannot be empty.") : base.Validate();
    }

    protected override async Task<int> RunAsync(ControlPlaneClient client, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var properties = new JsonObject();
        if (settings.Description is not null)
        {
            properties["description"] = settings.Description;
        }

        if (settings.AlternateId is not null)
        {
            properties["alternateId"] = settings.AlternateId;
        }

        // An existing asset is patched, so only what the options name changes (a PUT would drop the rest).
        var path = $"assets/{ControlPlaneClient.Segment(settings.Name)}";
        ApiResponse response;
        try
        {
            response = await client.SendAsync(HttpMethod.Patch, path, new JsonObject { ["properties"] = properties.DeepClone() }, cancellationToken);
        }
        catch (ApiException e) when (e.Status == 404)
        {
            response = await client.PutAsync(path, new JsonObject { ["properties"] = properties }, cancellationToken);
        }

        Terminal.WriteLine(response.Status == 201 ? $"Created asset {settings.Name}." : $"Updated asset {settings.Name}.");
        Terminal.Write(Tables.Resource(response.RequiredBody));
        return 0;
    }
}
