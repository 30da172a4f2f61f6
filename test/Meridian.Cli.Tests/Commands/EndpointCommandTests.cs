using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.Commands;

public sealed class EndpointCommandTests
{
    [Fact]
    public async Task StartStopList_DriveTheDefaultEndpointThroughItsStates()
    {
        await using var region = await LocalRegion.StartAsync();

        var before = await region.RunAsync("endpoint", "list");
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Matches(@"default\s+\S\s+Stopped", before.Out);

        var started = await region.RunAsync("endpoint", "start");
        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.Contains("Streaming endpoint default is Running.", started.Out, StringComparison.Ordinal);
        Assert.Matches(@"default\s+\S\s+Running", (await region.RunAsync("endpoint", "list")).Out);

        var stopped = await region.RunAsync("endpoint", "stop", "default");
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Matches(@"default\s+\S\s+Stopped", (await region.RunAsync("endpoint", "list")).Out);
    }

    [Fact]
    public async Task Start_UnknownEndpoint_ShowsTheServicesError()
    {
        await using var region = await LocalRegion.StartAsync();
        var result = await region.RunAsync("endpoint", "start", "nope");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope", result.Err, StringComparison.Ordinal);
    }
}
