using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Policies;

/// <summary><c>meridian policy content-key list</c>: the account's content key policies.</summary>
public sealed class ContentKeyPolicyListCommand(Terminal terminal) : ApiCommand<ConnectionSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var policies = await client.ListAsync("contentKeyPolicies", cancellationToken);
        if (policies.Count == 0)
        {
            Terminal.WriteLine("No content key policies.");
            return 0;
        }

        var table = Tables.Create("Name", "Options", "Policy ID", "Created", "Description");
        foreach (var policy in policies)
        {
            var options = (policy["properties"]?["options"] as JsonArray ?? []).Select(PolicyBodies.DescribeOption);
            table.Row(
                Tables.Get(policy, "name"),
                string.Join(", ", options),
                Tables.Get(policy, "properties", "policyId"),
                Tables.Date(policy["properties"]?["created"]),
                Tables.Get(policy, "properties", "description"));
        }

        Terminal.Write(table);
        return 0;
    }
}
