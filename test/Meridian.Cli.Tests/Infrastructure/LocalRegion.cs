using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Stack;
using Meridian.Region.Hosting;

namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>
/// A real region server in this process (loopback, free ports, temp data) with the stack's account, plus an <c>up.json</c>
/// pointing at it, so that CLI verbs can run in-process against it with <see cref="RunAsync"/>.
/// </summary>
public sealed class LocalRegion : IAsyncDisposable
{
    public const string ApiKey = "cli-test-key-0123456789abcdef";
    private readonly TempDirectory _directory;

    private LocalRegion(RegionServer server, TempDirectory directory)
    {
        Server = server;
        _directory = directory;
    }

    public RegionServer Server { get; }

    /// <summary>The directory holding <c>up.json</c>; pass it as <c>--data</c>.</summary>
    public string StackDirectory => Path.Combine(_directory.Path, "stack");

    public static async Task<LocalRegion> StartAsync(int pageSize = 1000)
    {
        var directory = new TempDirectory();
        var options = new RegionOptions { Name = "region1", DataDirectory = Path.Combine(directory.Path, "region1"), PageSize = pageSize };
        options.ApiKeys.Add(ApiKey);
        var server = RegionServer.Create(options);
        await server.StartAsync();
        var region = new LocalRegion(server, directory);
        var addresses = server.Addresses;
        using (var client = new ControlPlaneClient(region.Connection))
        {
            await client.PutAsync(region.Connection.AccountPath, new JsonObject { ["location"] = "region1" }, CancellationToken.None);
        }

        Directory.CreateDirectory(region.StackDirectory);
        new UpFile
        {
            Subscription = StackDefaults.Subscription,
            ResourceGroup = StackDefaults.ResourceGroup,
            Account = StackDefaults.Account,
            ApiKey = ApiKey,
            Regions = [new UpRegion("region1", addresses.ControlPlane, addresses.ControlPlaneHttps, addresses.Streaming, addresses.KeyDelivery, addresses.Blob)],
        }.Write(Path.Combine(region.StackDirectory, StackDefaults.UpFileName));
        return region;
    }

    public Connection Connection => new(Server.Addresses.ControlPlane, ApiKey, StackDefaults.Subscription, StackDefaults.ResourceGroup,
        StackDefaults.Account, Server.Addresses.Streaming);

    /// <summary>Runs the CLI in this process with <c>--data</c> pointing at this region's <c>up.json</c>.</summary>
    public Task<CliResult> RunAsync(params string[] arguments) => InProcessCli.RunAsync([.. arguments, "--data", StackDirectory]);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
