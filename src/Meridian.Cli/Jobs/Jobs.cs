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

        foreach (var t in await client.ListAsync("transforms", cancellationToken))
        {
            var path = $"transforms/{ControlPlaneClient.Segment((string)t["name"]!)}/jobs/{ControlPlaneClient.Segment(name)}";
            try
            {
                await client.GetAsync(path, cancellationToken);
                return path;
            }
            catch (ApiException e) when (e.Status == 404)
            {
            }
        }

        throw new CliException($"no transform has a job named {name}.");
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
