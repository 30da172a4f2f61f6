using System.ComponentModel;
using Meridian.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Policies;

/// <summary>
/// <c>meridian policy streaming create NAME --scheme clear|envelope|cenc|cbcs</c>: a streaming policy with one encryption
/// scheme. Streaming policies cannot change once created.
/// </summary>
public sealed class StreamingPolicyCreateCommand(Terminal terminal) : ApiCommand<StreamingPolicyCreateCommand.Settings>(terminal)
{
    public sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("Streaming policy name")]
        public string Name { get; init; } = "";

        [CommandOption("--scheme <SCHEME>")]
        [Description("clear, envelope (AES-128), cenc or cbcs (ClearKey common encryption)")]
        public string Scheme { get; init; } = "";

        [CommandOption("--protocols <LIST>")]
        [Description("Comma-separated hls, dash, smooth, download. Default: hls,dash,smooth; cenc: dash,smooth; cbcs: hls")]
        public string? Protocols { get; init; }

        [CommandOption("--content-key-policy <NAME>")]
        [Description("Default content key policy of locators that use this policy")]
        public string? ContentKeyPolicy { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrEmpty(Scheme))
            {
                return ValidationResult.Error("--scheme is required: clear, envelope, cenc or cbcs.");
            }

            return PolicyBodies.Schemes.ContainsKey(Scheme)
                ? ValidationResult.Success()
                : ValidationResult.Error($"unknown scheme '{Scheme}'; use clear, envelope, cenc or cbcs.");
        }
    }

    protected override async Task<int> RunAsync(ControlPlaneClient client, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var protocols = PolicyBodies.ParseProtocols(settings.Protocols ?? PolicyBodies.DefaultProtocols(settings.Scheme));
        var body = PolicyBodies.StreamingPolicy(settings.Scheme, protocols, settings.ContentKeyPolicy);
        var response = await client.PutAsync($"streamingPolicies/{ControlPlaneClient.Segment(settings.Name)}", body, cancellationToken);
        Terminal.WriteLine($"Created streaming policy {settings.Name}.");
        Terminal.Write(StreamingPolicyShowCommand.Render(response.RequiredBody));
        return 0;
    }
}
