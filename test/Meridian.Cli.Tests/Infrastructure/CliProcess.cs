using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>Runs the CLI's own build output (<c>dotnet meridian.dll ...</c>) as a separate process, as a user would.</summary>
public static class CliProcess
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The meridian.dll built next to this test project (same configuration).</summary>
    public static string Dll { get; } = typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "MeridianCliDll").Value!;

    /// <summary>The <c>dotnet</c> host that runs this test process's runtime.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        return start;
    }

    /// <summary>Runs the CLI to completion.</summary>
    public static async Task<CliResult> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(Dll))
        {
            throw new InvalidOperationException($"The CLI is not built at {Dll}.");
        }

        using var process = Process.Start(StartInfo(arguments))!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"meridian {string.Join(' ', arguments)} did not finish within {RunTimeout}.");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
