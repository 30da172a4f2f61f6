using Azure;
using Meridian.Cli.Stack;
using Spectre.Console.Cli;

namespace Meridian.Cli.Client;

/// <summary>
/// Base of the verbs that talk to a control plane: resolves the target, runs the verb, and turns failures into one line
/// on standard error with exit code 1 (<c>error CODE: message</c> for API errors, <c>error: …</c> for the rest).
/// </summary>
public abstract class ApiCommand<TSettings>(Terminal terminal) : AsyncCommand<TSettings>
    where TSettings : ConnectionSettings
{
    protected Terminal Terminal { get; } = terminal;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Connection? connection = null;
        try
        {
            connection = settings.Resolve();
            using var client = new ControlPlaneClient(connection);
            return await RunAsync(client, settings, cancellationToken);
        }
        catch (ApiException e)
        {
            Terminal.Error.WriteLine($"error {e.Code}: {e.Message}");
            return 1;
        }
        catch (RequestFailedException e)
        {
            // The blob endpoint (uploads) answers in Azure Storage's error shape; its first line is the message.
            var message = e.Message.Split('\n', 2)[0].Trim();
            Terminal.Error.WriteLine($"error {e.ErrorCode ?? $"Http{e.Status}"}: {message}");
            return 1;
        }
        catch (CliException e)
        {
            return Terminal.Fail(e.Message);
        }
        catch (HttpRequestException e)
        {
            // The inner exception says why (a refused connection, a certificate the system does not trust).
            var reason = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{e.Message} ({inner.Message})"
                : e.Message;
            var hint = settings.Endpoint is null && connection is not null
                ? $" The stack that wrote {Path.Combine(Path.GetFullPath(settings.Data), StackDefaults.UpFileName)} may have stopped: start it again with `./meridian up`."
                : "";
            return Terminal.Fail($"cannot reach the control plane at {connection?.ControlPlane}: {reason}.{hint}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Terminal.Fail($"the control plane at {connection?.ControlPlane} did not answer in time.");
        }
    }

    /// <summary>Runs the verb; returns the exit code.</summary>
    protected abstract Task<int> RunAsync(ControlPlaneClient client, TSettings settings, CancellationToken cancellationToken);
}
