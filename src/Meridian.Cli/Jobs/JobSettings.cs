using System.ComponentModel;
using Meridian.Cli.Client;
using Spectre.Console.Cli;

namespace Meridian.Cli.Jobs;

/// <summary>The settings of the job verbs that name one job.</summary>
public sealed class JobSettings : ConnectionSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Job name")]
    public string Name { get; init; } = "";

    [CommandOption("--transform <NAME>")]
    [Description("The job's transform; found by searching every transform when omitted")]
    public string? Transform { get; init; }
}
