using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Client;

/// <summary>The settings of a verb that names one resource.</summary>
public sealed class NameSettings : ConnectionSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Resource name")]
    public string Name { get; init; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Name) ? ValidationResult.Error("NAME cannot be empty.") : base.Validate();
}
