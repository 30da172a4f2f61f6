using System.ComponentModel;
using System.Diagnostics;
using Meridian.Cli.Output;
using Meridian.Region.ControlPlane.Auth;
using Meridian.Region.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Regions;

/// <summary>
/// <c>meridian region serve</c>: runs one region in the foreground until Ctrl-C or SIGTERM, which the host turns into a
/// graceful stop.
/// </summary>
public sealed class RegionServeCommand(Terminal terminal) : AsyncCommand<RegionServeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--name <NAME>")]
        [Description("Region name: lower-case letters, digits and hyphens, e.g. region1")]
        public string Name { get; init; } = "";

        [CommandOption("--data <DIR>")]
        [Description("Where the region keeps its database, blobs and certificate")]
        public string Data { get; init; } = "";

        [CommandOption("--urls <ROLE=URL>")]
        [Description("Listeners as role=url (roles controlplane, streaming, keydelivery, blob); repeat the option or separate with ','. " +
            "Default: every role on 127.0.0.1 with free ports")]
        public string[] Urls { get; init; } = [];

        [CommandOption("--api-key-file <FILE>")]
        [Description("File holding the bearer credential the control plane accepts. Default: {data}/apikey, created on first start")]
        public string? ApiKeyFile { get; init; }

        /// <summary>Set by <c>meridian up</c>: the region stops when that process is gone, so no region outlives its stack.</summary>
        [CommandOption("--parent-pid <PID>", IsHidden = true)]
        public int? ParentPid { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Name))
            {
                return ValidationResult.Error("--name is required.");
            }

            return string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data is required.") : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RegionOptions options;
        RegionServer server;
        try
        {
            options = BuildOptions(settings);
            // A failed start is reported below in one line; the host's own log of it is a stack trace.
            server = RegionServer.Create(options, builder => builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical));
        }
        catch (Exception e) when (e is CliException or FormatException or ArgumentException or IOException)
        {
            return terminal.Fail(e.Message);
        }
        catch (InvalidDataException e)
        {
            // A configuration file that does not parse: the file and the parser's line and position.
            return terminal.Fail($"{e.Message} {e.InnerException?.InnerException?.Message ?? e.InnerException?.Message}".Trim());
        }

        await using (server)
        {
            try
            {
                await server.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                return terminal.Fail($"region {options.Name} cannot listen: {e.Message}");
            }

            if (settings.ParentPid is null)
            {
                var addresses = server.Addresses;
                terminal.WriteLine($"Region {options.Name} is serving (data in {options.DataDirectory}). Press Ctrl-C to stop.");
                var table = Tables.Create("Role", "URL")
                    .Row("control plane", addresses.ControlPlane.ToString())
                    .Row("control plane (https)", addresses.ControlPlaneHttps?.ToString() ?? "")
                    .Row("streaming", addresses.Streaming.ToString())
                    .Row("key delivery", addresses.KeyDelivery.ToString())
                    .Row("blob", addresses.Blob.ToString())
                    .Row("credential (Bearer)", Path.GetFullPath(settings.ApiKeyFile ?? Path.Combine(options.DataDirectory, ApiKeyStore.FileName)));
                terminal.Write(table);
            }

            using var orphaned = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watch = settings.ParentPid is { } parent ? WatchParentAsync(parent, orphaned) : Task.CompletedTask;
            await server.WaitForShutdownAsync(orphaned.Token);
            await orphaned.CancelAsync();
            await watch;
        }

        return 0;
    }

    /// <summary>Turns the command line into region options; reads the credential file if one is named.</summary>
    internal static RegionOptions BuildOptions(Settings settings)
    {
        var options = new RegionOptions { Name = settings.Name, DataDirectory = Path.GetFullPath(settings.Data) };
        foreach (var entry in settings.Urls.SelectMany(u => u.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            options.Listeners.Add(RegionListener.Parse(entry));
        }

        if (settings.ApiKeyFile is { } file)
        {
            if (!File.Exists(file))
            {
                throw new CliException($"no such API key file: {Path.GetFullPath(file)}");
            }

            var key = File.ReadAllText(file).Trim();
            if (key.Length < 16)
            {
                throw new CliException($"the API key in {Path.GetFullPath(file)} is shorter than 16 characters.");
            }

            options.ApiKeys.Add(key);
        }

        return options;
    }

    private static async Task WatchParentAsync(int pid, CancellationTokenSource stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (!IsAlive(pid))
                {
                    await stop.CancelAsync();
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
