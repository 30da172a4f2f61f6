using Meridian.Cli.Client;

namespace Meridian.Cli.Policies;

/// <summary><c>meridian policy streaming delete NAME</c>: deletes a streaming policy no locator uses.</summary>
public sealed class StreamingPolicyDeleteCommand(Terminal terminal) : DeleteCommand(terminal)
{
    protected override string Collection => "streamingPolicies";

    protected override string DisplayName => "Streaming policy";
}
