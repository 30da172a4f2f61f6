using System.ComponentModel;
using Meridian.Cli.Client;
using Spectre.Console.Cli;

namespace Meridian.Cli.Endpoints;

/// <summary>The settings of the endpoint verbs that name one streaming endpoint.</summary>
public sealed class EndpointNameSettings : ConnectionSettings
{
    [CommandArgument(0, "[NAME]")]
    [Description("Streaming endpoint name (default: default)")]
    public string Name { get; init; } = "default";

    [CommandOption("--timeout <SECONDS>")]
    [Description("How long to wait for the operation to finish (default: 60)")]
    public int TimeoutSeconds { get; init; } = 60;
}
