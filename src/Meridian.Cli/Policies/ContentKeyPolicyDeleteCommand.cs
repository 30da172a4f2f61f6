using Meridian.Cli.Client;

namespace Meridian.Cli.Policies;

/// <summary><c>meridian policy content-key delete NAME</c>: deletes a content key policy no streaming policy or locator names.</summary>
public sealed class ContentKeyPolicyDeleteCommand(Terminal terminal) : DeleteCommand(terminal)
{
    protected override string Collection => "contentKeyPolicies";

    protected override string DisplayName => "Content key policy";
}
