using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Output;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Meridian.Cli.Policies;

/// <summary><c>meridian policy content-key show NAME</c>: a content key policy and its options (secrets are blanked by the service).</summary>
public sealed class ContentKeyPolicyShowCommand(Terminal terminal) : ApiCommand<PolicyNameSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, PolicyNameSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var policy = await client.GetAsync($"contentKeyPolicies/{ControlPlaneClient.Segment(settings.Name)}", cancellationToken);
        Terminal.Write(Render(policy.RequiredBody));
        return 0;
    }

    /// <summary>The policy's properties, then one row per option.</summary>
    public static IRenderable Render(JsonObject policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var summary = Tables.Create("Property", "Value")
            .Row("name", Tables.Get(policy, "name"))
            .Row("policyId", Tables.Get(policy, "properties", "policyId"))
            .Row("description", Tables.Get(policy, "properties", "description"))
            .Row("created", Tables.Date(policy["properties"]?["created"]))
            .Row("lastModified", Tables.Date(policy["properties"]?["lastModified"]));
        var options = Tables.Create("Option", "Kind", "Issuer", "Audience", "Option ID");
        foreach (var option in (policy["properties"]?["options"] as JsonArray ?? []).OfType<JsonObject>())
        {
            options.Row(
                Tables.Get(option, "name"),
                PolicyBodies.DescribeOption(option),
                Tables.Get(option, "restriction", "issuer"),
                Tables.Get(option, "restriction", "audience"),
                Tables.Get(option, "policyOptionId"));
        }

        return new Rows(summary, options);
    }
}
