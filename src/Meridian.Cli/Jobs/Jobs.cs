using System.Text.Json.Nodes;
using Meridian.Cli.Client;

namespace Meridian.Cli.Jobs;

/// <summary>Finding and reading jobs, which live under their transforms (<c>transforms/{t}/jobs/{j}</c>).</summary>
public static class Jobs
{
    public static readonly string[] FinalStates = ["Finished", "Error", "Canceled"];

    /// <summary>The path of a job, searching the transforms when none is named.</summary>
    public static async Task<string> FindAsync(ControlPlaneClient client, string name, string? transform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (transform is not null)
        {
            return $"transforms/{ControlPlaneClient.Segment(transform)}/jobs/{ControlPlaneClient.Segment(name)}";
        }

        // Job names are unique per transform only: a name two transforms use must not pick one of them silently.
        var found = new List<(string Transform, string Path)>();
        foreach (var t in await client.ListAsync("transforms", cancellationToken))
        {
            var transformName = (string)t["name"]!;
            var path = $"transforms/{ControlPlaneClient.Segment(transformName)}/jobs/{ControlPlaneClient.Segment(name)}";
            try
            {
                await client.GetAsync(path, cancellationToken);
                found.Add((transformName, path));
            }
            catch (ApiException e) when (e.Status == 404)
            {
            }
        }

        return found.Count switch
        {
            0 => throw new CliException($"no transform has a job named {name}."),
            1 => found[0].Path,
            _ => throw new CliException(
                $"the transforms {string.Join(" and ", found.Select(f => f.Transform))} each have a job named {name}; name one with --transform."),
        };
    }

    /// <summary>Every job of the account: (transform, job).</summary>
    public static async Task<List<(string Transform, JsonObject Job)>> ListAllAsync(ControlPlaneClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var all = new List<(string, JsonObject)>();
        foreach (var t in await client.ListAsync("transforms", cancellationToken))
        {
            var transform = (string)t["name"]!;
            foreach (var job in await client.ListAsync($"transforms/{ControlPlaneClient.Segment(transform)}/jobs", cancellationToken))
            {
                all.Add((transform, job));
            }
        }

        return all;
    }

    /// <summary>The job's overall progress: the mean of its outputs' progress.</summary>
    public static double Progress(JsonObject job)
    {
        var outputs = job["properties"]?["outputs"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        return outputs.Count == 0 ? 0 : outputs.Average(o => (double?)o["progress"] ?? 0);
    }
}
