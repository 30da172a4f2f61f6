namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>Runs the CLI's command line in this process, capturing what it writes.</summary>
public static class InProcessCli
{
    public static async Task<CliResult> RunAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MeridianApp.RunAsync(arguments, Terminal.ForWriters(output, error), TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
