using System.ComponentModel;
using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Spectre.Console.Cli;

namespace Meridian.Cli.Jobs;

/// <summary><c>meridian transform create NAME --preset P</c>: a transform with one built-in encoder preset output.</summary>
public sealed class TransformCreateCommand(Terminal terminal) : ApiCommand<TransformCreateCommand.Settings>(terminal)
{
    public sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("Transform name")]
        public string Name { get; init; } = "";

        [CommandOption("--preset <PRESET>")]
        [Description("Built-in preset, e.g. AdaptiveStreaming, H264MultipleBitrate720p, H264SingleBitrateSD, AACGoodQualityAudio")]
        public string Preset { get; init; } = "AdaptiveStreaming";

        [CommandOption("--description <TEXT>")]
        public string? Description { get; init; }

        [CommandOption("--on-error <MODE>")]
        [Description("StopProcessingJob (default) or ContinueJob")]
        public string OnError { get; init; } = "StopProcessingJob";

        [CommandOption("--priority <PRIORITY>")]
        [Description("Relative priority of the output: Low, Normal (default) or High")]
        public string Priority { get; init; } = "Normal";
    }

    protected override async Task<int> RunAsync(ControlPlaneClient client, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var response = await client.PutAsync($"transforms/{ControlPlaneClient.Segment(settings.Name)}", Body(settings.Description, settings.Preset,
            settings.OnError, settings.Priority), cancellationToken);
        Terminal.WriteLine($"{(response.Status == 201 ? "Created" : "Updated")} transform {settings.Name} ({settings.Preset}).");
        return 0;
    }

    /// <summary>The PUT body of a one-output transform with a built-in preset.</summary>
    public static JsonObject Body(string? description, string preset, string onError = "StopProcessingJob", string priority = "Normal")
    {
        var properties = new JsonObject
        {
            ["outputs"] = new JsonArray(new JsonObject
            {
                ["onError"] = onError,
                ["relativePriority"] = priority,
                ["preset"] = new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Media.BuiltInStandardEncoderPreset",
                    ["presetName"] = preset,
                },
            }),
        };
        if (description is not null)
        {
            properties["description"] = description;
        }

        return new JsonObject { ["properties"] = properties };
    }
}
