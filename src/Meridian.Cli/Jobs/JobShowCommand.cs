using Meridian.Cli.Client;
using Meridian.Cli.Output;

namespace Meridian.Cli.Jobs;

/// <summary><c>meridian job show NAME</c>: the job resource, outputs and errors included.</summary>
public sealed class JobShowCommand(Terminal terminal) : ApiCommand<JobSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, JobSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var path = await Jobs.FindAsync(client, settings.Name, settings.Transform, cancellationToken);
        Terminal.Write(Tables.Resource((await client.GetAsync(path, cancellationToken)).RequiredBody));
        return 0;
    }
}
