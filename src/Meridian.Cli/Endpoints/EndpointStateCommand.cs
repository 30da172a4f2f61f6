using Meridian.Cli.Client;

namespace Meridian.Cli.Endpoints;

/// <summary>
/// <c>meridian endpoint start|stop [NAME]</c>: the long-running start/stop action, then waits until the endpoint is
/// Running (or Stopped). The origin serves an account's locators only while one of its endpoints runs, as in AMS.
/// </summary>
public abstract class EndpointStateCommand(Terminal terminal, TimeProvider time, string action, string target)
    : ApiCommand<EndpointNameSettings>(terminal)
{
    protected override async Task<int> RunAsync(ControlPlaneClient client, EndpointNameSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var path = $"streamingEndpoints/{ControlPlaneClient.Segment(settings.Name)}";
        await client.PostAsync($"{path}/{action}", null, cancellationToken);
        var deadline = time.GetUtcNow().AddSeconds(Math.Max(1, settings.TimeoutSeconds));
        while (true)
        {
            var state = (string?)(await client.GetAsync(path, cancellationToken)).RequiredBody["properties"]?["resourceState"];
            if (string.Equals(state, target, StringComparison.Ordinal))
            {
                Terminal.WriteLine($"Streaming endpoint {settings.Name} is {target}.");
                return 0;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new CliException($"streaming endpoint {settings.Name} is still {state} after {settings.TimeoutSeconds} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        }
    }
}
