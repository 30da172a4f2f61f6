using System.Globalization;
using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Jobs;

/// <summary><c>meridian job list</c>: every job of every transform.</summary>
public sealed class JobListCommand(Terminal terminal) : ApiCommand<ConnectionSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var jobs = await Jobs.ListAllAsync(client, cancellationToken);
        if (jobs.Count == 0)
        {
            Terminal.WriteLine("No jobs.");
            return 0;
        }

        var table = Tables.Create("Name", "Transform", "State", "Progress", "Input", "Output", "Created");
        foreach (var (transform, job) in jobs)
        {
            table.Row(
                Tables.Get(job, "name"),
                transform,
                Tables.Get(job, "properties", "state"),
                Jobs.Progress(job).ToString("0", CultureInfo.InvariantCulture) + "%",
                Tables.Text(job["properties"]?["input"]?["assetName"]),
                string.Join(", ", (job["properties"]?["outputs"]?.AsArray() ?? []).Select(o => (string?)o?["assetName"])),
                Tables.Date(job["properties"]?["created"]));
        }

        Terminal.Write(table);
        return 0;
    }
}
