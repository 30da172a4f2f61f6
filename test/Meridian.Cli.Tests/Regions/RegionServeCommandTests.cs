using Meridian.Cli.Regions;
using Meridian.Cli.Tests.Infrastructure;
using Meridian.Region.Hosting;

namespace Meridian.Cli.Tests.Regions;

public sealed class RegionServeCommandTests
{
    [Fact]
    public void BuildOptions_UrlsSeparatedBySemicolonsOrCommasOrRepeated_AllBecomeListeners()
    {
        var settings = new RegionServeCommand.Settings
        {
            Name = "west",
            Data = "data/west",
            Urls = ["controlplane=http://127.0.0.1:8080;controlplane=https://127.0.0.1:8443", "streaming=http://127.0.0.1:8081, keydelivery=http://127.0.0.1:8082", "blob=http://127.0.0.1:8083"],
        };

        var options = RegionServeCommand.BuildOptions(settings);

        Assert.Equal("west", options.Name);
        Assert.Equal(Path.GetFullPath("data/west"), options.DataDirectory);
        Assert.Equal(
            [(ListenerRole.ControlPlane, "http://127.0.0.1:8080/"), (ListenerRole.ControlPlane, "https://127.0.0.1:8443/"),
                (ListenerRole.Streaming, "http://127.0.0.1:8081/"), (ListenerRole.KeyDelivery, "http://127.0.0.1:8082/"),
                (ListenerRole.Blob, "http://127.0.0.1:8083/")],
            options.Listeners.Select(l => (l.Role, l.Url.ToString())));
        Assert.Empty(options.ApiKeys);
    }

    [Fact]
    public void BuildOptions_ApiKeyFile_IsTheAcceptedCredential()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "apikey");
        File.WriteAllText(file, "0123456789abcdef0123456789abcdef\n");

        var options = RegionServeCommand.BuildOptions(new RegionServeCommand.Settings { Name = "r1", Data = dir.Path, ApiKeyFile = file });

        Assert.Equal(["0123456789abcdef0123456789abcdef"], options.ApiKeys);
    }

    [Fact]
    public void BuildOptions_MissingApiKeyFile_FailsNamingIt()
    {
        var error = Assert.Throws<CliException>(() =>
            RegionServeCommand.BuildOptions(new RegionServeCommand.Settings { Name = "r1", Data = "d", ApiKeyFile = "/nonexistent/apikey" }));
        Assert.Contains("/nonexistent/apikey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownRole_ExitsWithTheParsersMessage()
    {
        using var dir = new TempDirectory();

        var result = await InProcessCli.RunAsync("region", "serve", "--name", "r1", "--data", dir.Path, "--urls", "origin=http://127.0.0.1:0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: Unknown listener role 'origin'", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BadOriginSettingInAppSettings_ExitsNamingIt()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "appsettings.json"),
            """{ "Meridian": { "Origin": { "SegmentPlanCacheBytes": -1 } } }""", TestContext.Current.CancellationToken);

        var result = await InProcessCli.RunAsync("region", "serve", "--name", "r1", "--data", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Meridian:Origin:SegmentPlanCacheBytes must be 0 or more", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AppSettingsThatDoNotParse_ExitNamingTheFile()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Meridian": { "Origin": """, TestContext.Current.CancellationToken);

        var result = await InProcessCli.RunAsync("region", "serve", "--name", "r1", "--data", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Failed to load configuration from file '{file}'", result.Err, StringComparison.Ordinal);
        Assert.Contains("LineNumber", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithoutName_IsAUsageError()
    {
        var result = await InProcessCli.RunAsync("region", "serve", "--data", "somewhere");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--name is required", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortTaken_ExitsWithBindError()
    {
        using var dir = new TempDirectory();
        using var blocker = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((System.Net.IPEndPoint)blocker.LocalEndpoint).Port;

        var result = await InProcessCli.RunAsync("region", "serve", "--name", "r1", "--data", dir.Path,
            "--urls", $"controlplane=http://127.0.0.1:{port};streaming=http://127.0.0.1:0;keydelivery=http://127.0.0.1:0;blob=http://127.0.0.1:0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("region r1 cannot listen", result.Err, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Err, StringComparison.Ordinal);
    }
}
