using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Output;
using Spectre.Console.Rendering;

namespace Meridian.Cli.Policies;

/// <summary><c>meridian policy streaming show NAME</c>: one streaming policy.</summary>
public sealed class StreamingPolicyShowCommand(Terminal terminal) : ApiCommand<PolicyNameSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, PolicyNameSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var policy = await client.GetAsync($"streamingPolicies/{ControlPlaneClient.Segment(settings.Name)}", cancellationToken);
        Terminal.Write(Render(policy.RequiredBody));
        return 0;
    }

    /// <summary>A summary row set, then the scheme sections as JSON.</summary>
    public static IRenderable Render(JsonObject policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var table = Tables.Create("Property", "Value")
            .Row("name", Tables.Get(policy, "name"))
            .Row("schemes", PolicyBodies.DescribeSchemes(policy))
            .Row("protocols", PolicyBodies.DescribeProtocols(policy))
            .Row("defaultContentKeyPolicyName", Tables.Get(policy, "properties", "defaultContentKeyPolicyName"))
            .Row("created", Tables.Date(policy["properties"]?["created"]));
        foreach (var scheme in PolicyBodies.Schemes.Values)
        {
            if (policy["properties"]?[scheme] is JsonObject section)
            {
                table.Row(scheme, section.ToJsonString());
            }
        }

        return table;
    }
}
