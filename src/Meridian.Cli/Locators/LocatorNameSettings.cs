using System.ComponentModel;
using Meridian.Cli.Client;
using Spectre.Console.Cli;

namespace Meridian.Cli.Locators;

/// <summary>The settings of the locator verbs that name one locator.</summary>
public sealed class LocatorNameSettings : ConnectionSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Streaming locator name")]
    public string Name { get; init; } = "";
}
