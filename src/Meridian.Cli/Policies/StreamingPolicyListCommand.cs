using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Policies;

/// <summary><c>meridian policy streaming list</c>: the account's streaming policies, the predefined ones included.</summary>
public sealed class StreamingPolicyListCommand(Terminal terminal) : ApiCommand<ConnectionSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var policies = await client.ListAsync("streamingPolicies", cancellationToken);
        if (policies.Count == 0)
        {
            Terminal.WriteLine("No streaming policies.");
            return 0;
        }

        var table = Tables.Create("Name", "Schemes", "Protocols", "Content key policy", "Created");
        foreach (var policy in policies)
        {
            table.Row(
                Tables.Get(policy, "name"),
                PolicyBodies.DescribeSchemes(policy),
                PolicyBodies.DescribeProtocols(policy),
                Tables.Get(policy, "properties", "defaultContentKeyPolicyName"),
                Tables.Date(policy["properties"]?["created"]));
        }

        Terminal.Write(table);
        return 0;
    }
}
