using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Meridian.Cli.Stack;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.EndToEnd;

/// <summary>Drives the real CLI as processes: <c>meridian up</c> in the background, user verbs against it, Ctrl-C, restart.</summary>
public sealed class UpTests
{
    [Fact]
    public async Task Up_TwoRegionProcesses_StopOnSigint_AndKeepDataForTheNextUp()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var basePort = FreePorts.FindBase();
        string apiKey;

        await using (var up = UpProcess.Start(data.Path, basePort))
        {
            var file = await up.WaitForUpFileAsync(ct);
            Assert.Equal(["region1", "region2"], file.Regions.Select(r => r.Name));
            Assert.Equal(new Uri($"http://127.0.1.1:{basePort}/"), file.Regions[0].ControlPlane);
            Assert.Equal(new Uri($"http://127.0.2.1:{basePort + 1}/"), file.Regions[1].Streaming);
            Assert.Equal(File.ReadAllText(Path.Combine(data.Path, "apikey")).Trim(), file.ApiKey);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.Path, "apikey")));
            Assert.All(file.Certificates, c => Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(c), StringComparison.Ordinal));
            Assert.Equal(2, RegionProcesses.Find(data.Path).Count);
            Assert.DoesNotContain(up.Id, RegionProcesses.Find(data.Path));

            var created = await CliProcess.RunAsync(["asset", "create", "a1", "--data", data.Path], ct);
            Assert.True(created.ExitCode == 0, created.ToString());
            var list = await CliProcess.RunAsync(["asset", "list", "--data", data.Path], ct);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Contains(" a1 ", list.Out, StringComparison.Ordinal);

            // The account exists in region2 too; the asset was made in region1 only.
            var list2 = await CliProcess.RunAsync(["asset", "list", "--data", data.Path, "--region", "region2"], ct);
            Assert.Equal((0, "No assets."), (list2.ExitCode, list2.Out.Trim()));

            var second = await CliProcess.RunAsync(["up", "--data", data.Path, "--base-port", (basePort + 10).ToString(CultureInfo.InvariantCulture)], ct);
            Assert.Equal(1, second.ExitCode);
            Assert.Contains("already running", second.Err, StringComparison.Ordinal);

            // Nor may a lone region take the data of one of the stack's: two processes would write one database.
            var port = FreePorts.FindBase();
            var serve = await CliProcess.RunAsync(["region", "serve", "--name", "region1", "--data", Path.Combine(data.Path, "region1"),
                "--urls", $"controlplane=http://127.0.0.1:{port}/", "--urls", $"streaming=http://127.0.0.1:{port + 1}/",
                "--urls", $"keydelivery=http://127.0.0.1:{port + 2}/", "--urls", $"blob=http://127.0.0.1:{port + 3}/"], ct);
            Assert.Equal(1, serve.ExitCode);
            Assert.Contains("another region is already running", serve.Err, StringComparison.Ordinal);

            up.Interrupt();
            Assert.Equal(0, await up.WaitForExitAsync(ct));
            Assert.Empty(RegionProcesses.Find(data.Path));
            Assert.False(File.Exists(Path.Combine(data.Path, "up.json")));
            Assert.True(PortProbe.IsFree(IPAddress.Parse("127.0.1.1"), basePort));
            Assert.True(PortProbe.IsFree(IPAddress.Parse("127.0.2.1"), basePort + 3));
            Assert.Contains("Stopped.", up.Output, StringComparison.Ordinal);
            apiKey = file.ApiKey;
        }

        var down = await CliProcess.RunAsync(["asset", "list", "--data", data.Path], ct);
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("no running stack", down.Err, StringComparison.Ordinal);

        await using (var again = UpProcess.Start(data.Path, basePort))
        {
            var file = await again.WaitForUpFileAsync(ct);
            Assert.Equal(apiKey, file.ApiKey);
            var list = await CliProcess.RunAsync(["asset", "list", "--data", data.Path], ct);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Contains(" a1 ", list.Out, StringComparison.Ordinal);

            again.Interrupt();
            Assert.Equal(0, await again.WaitForExitAsync(ct));
            Assert.Empty(RegionProcesses.Find(data.Path));
        }
    }

    [Fact]
    public async Task Up_PortTaken_FailsNamingThePortAndStartsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var basePort = FreePorts.FindBase();
        using var blocker = new TcpListener(IPAddress.Parse("127.0.2.1"), basePort + 2);
        blocker.Start();

        var result = await CliProcess.RunAsync(["up", "--data", data.Path, "--base-port", basePort.ToString(CultureInfo.InvariantCulture)], ct);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"127.0.2.1:{basePort + 2} (region2 key delivery)", result.Err, StringComparison.Ordinal);
        Assert.Contains("already in use", result.Err, StringComparison.Ordinal);
        Assert.Empty(RegionProcesses.Find(data.Path));
        Assert.False(File.Exists(Path.Combine(data.Path, "up.json")));
    }

    [Fact]
    public async Task Up_OnADataPathItCannotUse_SaysSoInOneLine()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a directory", TestContext.Current.CancellationToken);

        foreach (var path in new[] { file, Path.Combine(file, "sub") })
        {
            var result = await InProcessCli.RunAsync("up", "--data", path, "--base-port", FreePorts.FindBase().ToString(CultureInfo.InvariantCulture));

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith($"error: cannot use {path} as the data directory", result.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        }
    }
}
