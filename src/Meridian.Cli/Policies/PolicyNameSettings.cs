using System.ComponentModel;
using Meridian.Cli.Client;
using Spectre.Console.Cli;

namespace Meridian.Cli.Policies;

/// <summary>The settings of the policy verbs that name one policy.</summary>
public sealed class PolicyNameSettings : ConnectionSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Policy name")]
    public string Name { get; init; } = "";
}
