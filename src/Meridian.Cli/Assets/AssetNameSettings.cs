using System.ComponentModel;
using Meridian.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Assets;

/// <summary>The settings of the asset verbs that name one asset.</summary>
public sealed class AssetNameSettings : ConnectionSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Asset name")]
    public string Name { get; init; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Name) ? ValidationResult.Error("NAME cannot be empty.") : base.Validate();
}
