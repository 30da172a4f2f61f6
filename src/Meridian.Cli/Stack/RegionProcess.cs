using System.Diagnostics;
using System.Globalization;

namespace Meridian.Cli.Stack;

/// <summary>
/// A region of the local stack running as its own process (<c>meridian region serve</c>). Its output is passed on line by
/// line, prefixed with the region's name.
/// </summary>
internal sealed class RegionProcess : IDisposable
{
    private readonly Process _process;

    private RegionProcess(StackRegion region, Process process)
    {
        Region = region;
        _process = process;
        Exited = process.WaitForExitAsync();
    }

    public StackRegion Region { get; }

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static RegionProcess Start(StackRegion region, string dataDirectory, string apiKeyFile, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(log);
        var start = CliInvocation.StartInfo(Arguments(region, dataDirectory, apiKeyFile, Environment.ProcessId));
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start };
        void Forward(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                log.WriteLine($"[{region.Name}] {line}");
            }
        }

        process.OutputDataReceived += Forward;
        process.ErrorDataReceived += Forward;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RegionProcess(region, process);
    }

    /// <summary>The <c>meridian</c> arguments that serve <paramref name="region"/>.</summary>
    internal static IReadOnlyList<string> Arguments(StackRegion region, string dataDirectory, string apiKeyFile, int parentPid)
    {
        var arguments = new List<string>
        {
            "region", "serve",
            "--name", region.Name,
            "--data", dataDirectory,
            "--api-key-file", apiKeyFile,
            "--parent-pid", parentPid.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var listener in region.Listeners)
        {
            arguments.Add("--urls");
            arguments.Add($"{listener.Role.ToString().ToLowerInvariant()}={listener.Url}");
        }

        return arguments;
    }

    /// <summary>Asks the region to stop (SIGTERM), waits up to <paramref name="grace"/>, then kills it.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (NativeSignals.Terminate(_process.Id))
        {
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await _process.WaitForExitAsync();
    }

    public void Dispose() => _process.Dispose();
}
