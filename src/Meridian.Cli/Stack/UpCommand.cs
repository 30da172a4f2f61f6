using System.ComponentModel;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Output;
using Meridian.Region.ControlPlane.Auth;
using Meridian.Region.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Stack;

/// <summary>
/// <c>meridian up</c>: runs the local two-region stack in the foreground. Each region is its own process on its own loopback
/// address; both share one credential (<c>{data}/apikey</c>) and get the same account. While the stack runs,
/// <c>{data}/up.json</c> says where everything is. Ctrl-C or SIGTERM stops the regions and exits 0; data stays for the next run.
/// </summary>
public sealed class UpCommand(Terminal terminal) : AsyncCommand<UpCommand.Settings>
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("Where the stack keeps its data (one folder per region), credential and up.json")]
        [DefaultValue(StackDefaults.DataDirectory)]
        public string Data { get; init; } = StackDefaults.DataDirectory;

        [CommandOption("--base-port <PORT>")]
        [Description("First of the five ports each region uses: control plane, streaming, key delivery, blob, control plane HTTPS")]
        [DefaultValue(StackLayout.DefaultBasePort)]
        public int BasePort { get; init; } = StackLayout.DefaultBasePort;

        public override ValidationResult Validate() =>
            BasePort is < StackLayout.MinBasePort or > StackLayout.MaxBasePort
                ? ValidationResult.Error($"--base-port must be {StackLayout.MinBasePort} to {StackLayout.MaxBasePort}.")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var root = Path.GetFullPath(settings.Data);
        FileStream? dataLock;
        string apiKey;
        var apiKeyPath = Path.Combine(root, StackDefaults.ApiKeyFileName);
        try
        {
            Directory.CreateDirectory(root);
            dataLock = TryLock(root);
            if (dataLock is null)
            {
                return terminal.Fail($"another `meridian up` is already running with its data in {root}.");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return terminal.Fail($"cannot use {root} as the data directory: {e.Message}");
        }

        using var heldLock = dataLock;

        var regions = StackLayout.Regions(settings.BasePort);
        var busy = PortProbe.Busy(regions);
        if (busy.Count > 0)
        {
            return terminal.Fail($"cannot start: {string.Join(", ", busy)} {(busy.Count == 1 ? "is" : "are")} already in use. " +
                "Stop whatever listens there (another `meridian up`?) or choose other ports with --base-port.");
        }

        try
        {
            apiKey = ApiKeyStore.LoadOrCreate(apiKeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return terminal.Fail($"cannot read or write the credential {apiKeyPath}: {e.Message}");
        }
        var upPath = Path.Combine(root, StackDefaults.UpFileName);
        using var stop = new StopSignal(cancellationToken);
        var processes = new List<RegionProcess>();
        var wroteUpFile = false;
        var exitCode = 0;
        try
        {
            foreach (var region in regions)
            {
                processes.Add(RegionProcess.Start(region, Path.Combine(root, region.Name), apiKeyPath, terminal.Error));
            }

            foreach (var process in processes)
            {
                await WaitUntilReadyAsync(process, apiKey, stop.Token);
                await CreateAccountAsync(process.Region, apiKey, stop.Token);
            }

            var up = Describe(root, regions, apiKey);
            up.Write(upPath);
            wroteUpFile = true;
            Print(up, root);

            var stopped = Task.Delay(Timeout.Infinite, stop.Token);
            var finished = await Task.WhenAny(processes.Select(p => p.Exited).Append(stopped));
            if (finished != stopped)
            {
                // Ctrl-C in a terminal reaches the regions too, and one of them may exit before this process sees the signal.
                await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
            }

            if (finished != stopped && !stop.Token.IsCancellationRequested)
            {
                var gone = processes.First(p => p.HasExited);
                exitCode = terminal.Fail($"{gone.Region.Name} stopped unexpectedly (exit code {gone.ExitCode}); stopping the stack.");
            }
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            // Stopped while starting: fall through to the orderly stop.
        }
        catch (CliException e)
        {
            exitCode = terminal.Fail(e.Message);
        }
        catch (ApiException e)
        {
            terminal.Error.WriteLine($"error {e.Code}: {e.Message}");
            exitCode = 1;
        }
        catch (HttpRequestException e)
        {
            exitCode = terminal.Fail($"a region stopped answering while the stack started: {e.Message}");
        }
        finally
        {
            if (wroteUpFile)
            {
                File.Delete(upPath);
            }

            terminal.WriteLine("Stopping the regions...");
            await Task.WhenAll(processes.Select(p => p.StopAsync(StopGrace)));
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }

        if (exitCode == 0)
        {
            terminal.WriteLine($"Stopped. Data stays in {root}.");
        }

        return exitCode;
    }

    /// <summary>What <c>up.json</c> says about a stack in <paramref name="root"/>.</summary>
    internal static UpFile Describe(string root, IReadOnlyList<StackRegion> regions, string apiKey) => new()
    {
        Subscription = StackDefaults.Subscription,
        ResourceGroup = StackDefaults.ResourceGroup,
        Account = StackDefaults.Account,
        ApiKey = apiKey,
        Certificates = [.. regions.Select(r => Path.Combine(root, r.Name, "certs", SelfSignedCertificate.PemName))],
        Regions = [.. regions.Select(r => r.ToUpRegion())],
    };

    /// <summary>An exclusive lock on the data directory, or null if another <c>up</c> holds it.</summary>
    private static FileStream? TryLock(string root)
    {
        try
        {
            return new FileStream(Path.Combine(root, "up.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (RegionServer.IsLockedElsewhere(e))
        {
            return null;
        }
    }

    private static async Task WaitUntilReadyAsync(RegionProcess process, string apiKey, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = process.Region.ControlPlane, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var probe = $"subscriptions/{StackDefaults.Subscription}/providers/Microsoft.Media/mediaServices?api-version={ControlPlaneClient.ApiVersion}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new CliException($"{process.Region.Name} exited (code {process.ExitCode}) before it was ready; its output is above.");
            }

            try
            {
                using var response = await http.GetAsync(probe, deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                throw new CliException($"{process.Region.Name} answered {(int)response.StatusCode} to {probe}.");
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // This probe timed out; try again.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliException($"{process.Region.Name} did not answer on {process.Region.ControlPlane} within {ReadyTimeout.TotalSeconds:0} s.");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliException($"{process.Region.Name} did not answer on {process.Region.ControlPlane} within {ReadyTimeout.TotalSeconds:0} s.");
            }
        }
    }

    /// <summary>Creates (or keeps) the stack's account in a region; the location is the region's name.</summary>
    private static async Task CreateAccountAsync(StackRegion region, string apiKey, CancellationToken cancellationToken)
    {
        var connection = new Connection(region.ControlPlane, apiKey, StackDefaults.Subscription, StackDefaults.ResourceGroup,
            StackDefaults.Account, region.Streaming);
        using var client = new ControlPlaneClient(connection);
        await client.PutAsync(connection.AccountPath, new JsonObject { ["location"] = region.Name }, cancellationToken);
    }

    private void Print(UpFile up, string root)
    {
        var table = Tables.Create("Region", "Control plane", "Control plane (HTTPS)", "Streaming", "Key delivery", "Blob");
        foreach (var region in up.Regions)
        {
            table.Row(region.Name, region.ControlPlane.ToString(), region.ControlPlaneHttps?.ToString(), region.Streaming.ToString(),
                region.KeyDelivery.ToString(), region.Blob.ToString());
        }

        terminal.WriteLine($"Meridian is up: {up.Regions.Count} regions, account {up.Account} " +
            $"(subscription {up.Subscription}, resource group {up.ResourceGroup}).");
        terminal.Write(table);
        var details = Tables.Create("What", "Where")
            .Row("Stack description", Path.Combine(root, StackDefaults.UpFileName))
            .Row("API key (Bearer)", Path.Combine(root, StackDefaults.ApiKeyFileName))
            .Row("HTTPS certificates", string.Join(Environment.NewLine, up.Certificates));
        terminal.Write(details);
        terminal.WriteLine("Press Ctrl-C to stop.");
    }
}
