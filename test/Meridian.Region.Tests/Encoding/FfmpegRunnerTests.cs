using System.Diagnostics;
using Meridian.Region.Encoder;

namespace Meridian.Region.Tests.Encoder;

/// <summary>The process runner's limits: a silent process is stopped as stalled, a slow one at the time limit, a canceled one at once; and its priority.</summary>
public sealed class FfmpegRunnerTests
{
    [Fact]
    public async Task SilentProcess_IsKilledAsStalled()
    {
        var runner = new FfmpegRunner(TimeProvider.System);
        var started = DateTime.UtcNow;
        var outcome = await runner.RunAsync("sleep", ["30"], null, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), ProcessPriorityClass.Normal, TestContext.Current.CancellationToken);
        Assert.True(outcome.Stalled);
        Assert.False(outcome.TimedOut);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Empty(runner.Running);
    }

    [Fact]
    public async Task TalkativeProcess_IsKilledAtTheTimeLimit()
    {
        var runner = new FfmpegRunner(TimeProvider.System);
        var lines = 0;
        var outcome = await runner.RunAsync("sh", ["-c", "while true; do echo progress=continue; sleep 0.2; done"], _ => Interlocked.Increment(ref lines) > 0,
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), ProcessPriorityClass.Normal, TestContext.Current.CancellationToken);
        Assert.True(outcome.TimedOut);
        Assert.False(outcome.Stalled);
        Assert.True(lines > 3);
    }

    [Fact]
    public async Task RepeatedLinesWithoutProgress_AreAStall()
    {
        var runner = new FfmpegRunner(TimeProvider.System);
        var outcome = await runner.RunAsync("sh", ["-c", "while true; do echo out_time_us=0; sleep 0.2; done"], line => line != "out_time_us=0",
            TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), ProcessPriorityClass.Normal, TestContext.Current.CancellationToken);
        Assert.True(outcome.Stalled);
    }

    [Fact]
    public async Task BelowNormal_RunsTheProcessAndItsChildrenAtNice10()
    {
        var runner = new FfmpegRunner(TimeProvider.System);
        var outcome = await runner.RunAsync("sh", ["-c", "sleep 0.3; cat /proc/self/stat"], null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1),
            ProcessPriorityClass.BelowNormal, TestContext.Current.CancellationToken);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(10, Nice(outcome.StandardOutput));

        var normal = await runner.RunAsync("sh", ["-c", "sleep 0.3; cat /proc/self/stat"], null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1),
            ProcessPriorityClass.Normal, TestContext.Current.CancellationToken);
        Assert.Equal(Nice(File.ReadAllText("/proc/self/stat")), Nice(normal.StandardOutput));
    }

    [Fact]
    public async Task Cancel_KillsTheProcessTree()
    {
        var runner = new FfmpegRunner(TimeProvider.System);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            runner.RunAsync("sh", ["-c", "sleep 30 & wait"], null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), ProcessPriorityClass.Normal, cancel.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Empty(runner.Running);
    }

    /// <summary>Field 19 of <c>/proc/PID/stat</c>; the fields after the command name, which may hold spaces, start at field 3.</summary>
    private static int Nice(string stat) =>
        int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
}
