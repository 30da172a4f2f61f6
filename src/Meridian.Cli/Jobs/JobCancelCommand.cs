using Meridian.Cli.Client;

namespace Meridian.Cli.Jobs;

/// <summary><c>meridian job cancel NAME</c>: <c>cancelJob</c>; the job goes Canceling, then Canceled.</summary>
public sealed class JobCancelCommand(Terminal terminal) : ApiCommand<JobSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, JobSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var path = await Jobs.FindAsync(client, settings.Name, settings.Transform, cancellationToken);
        await client.PostAsync($"{path}/cancelJob", null, cancellationToken);
        Terminal.WriteLine($"Canceling job {settings.Name}.");
        return 0;
    }
}
