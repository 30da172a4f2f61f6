using System.ComponentModel;
using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Locators;

/// <summary><c>meridian locator create NAME --asset A</c>: publishes an asset for streaming under a streaming policy.</summary>
public sealed class LocatorCreateCommand(Terminal terminal) : ApiCommand<LocatorCreateCommand.Settings>(terminal)
{
    public const string DefaultPolicy = "Predefined_ClearStreamingOnly";

    public sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("Streaming locator name")]
        public string Name { get; init; } = "";

        [CommandOption("--asset <ASSET>")]
        [Description("The asset to publish")]
        public string Asset { get; init; } = "";

        [CommandOption("--policy <POLICY>")]
        [Description("Streaming policy")]
        [DefaultValue(DefaultPolicy)]
        public string Policy { get; init; } = DefaultPolicy;

        [CommandOption("--locator-id <GUID>")]
        [Description("The id in the streaming URLs. Default: a new one (give the same id in every region for failover)")]
        public string? LocatorId { get; init; }

        [CommandOption("--content-key-policy <NAME>")]
        [Description("Content key policy of the locator's keys")]
        public string? ContentKeyPolicy { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Asset))
            {
                return ValidationResult.Error("--asset is required.");
            }

            return LocatorId is not null && !Guid.TryParse(LocatorId, out _)
                ? ValidationResult.Error($"--locator-id '{LocatorId}' is not a GUID.")
                : ValidationResult.Success();
        }
    }

    protected override async Task<int> RunAsync(ControlPlaneClient client, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var properties = new JsonObject
        {
            ["assetName"] = settings.Asset,
            ["streamingPolicyName"] = settings.Policy,
        };
        if (settings.LocatorId is not null)
        {
            // Any form Guid.Parse takes ({...}, no hyphens) is sent as the one the service takes.
            properties["streamingLocatorId"] = Guid.Parse(settings.LocatorId).ToString("D");
        }

        if (settings.ContentKeyPolicy is not null)
        {
            properties["defaultContentKeyPolicyName"] = settings.ContentKeyPolicy;
        }

        var response = await client.PutAsync($"streamingLocators/{ControlPlaneClient.Segment(settings.Name)}",
            new JsonObject { ["properties"] = properties }, cancellationToken);
        Terminal.WriteLine($"Created streaming locator {settings.Name}.");
        Terminal.Write(Tables.Resource(response.RequiredBody));
        return 0;
    }
}
