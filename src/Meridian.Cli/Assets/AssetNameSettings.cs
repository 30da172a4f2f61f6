using System.ComponentModel;
using Meridian.Cli.Client;
using Spectre.Console.Cli;

namespace Meridian.Cli.Assets;

/// <summary>The settings of the asset verbs that name one asset.</summary>
public sealed class AssetNameSettings : ConnectionSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Asset name")]
    public string Name { get; init; } = "";
}
