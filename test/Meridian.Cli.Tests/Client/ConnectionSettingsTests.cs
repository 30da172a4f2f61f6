using Meridian.Cli.Client;
using Meridian.Cli.Stack;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.Client;

public sealed class ConnectionSettingsTests
{
    private const string Key = "stack-key-0123456789abcdef";

    [Fact]
    public void Resolve_UpFileOnly_TargetsTheFirstRegionsHttpControlPlane()
    {
        using var dir = WithUpFile();

        var connection = new ConnectionSettings { Data = dir.Path }.Resolve();

        Assert.Equal(new Uri("http://127.0.1.1:7080/"), connection.ControlPlane);
        Assert.Equal(new Uri("http://127.0.1.1:7081/"), connection.Streaming);
        Assert.Equal(Key, connection.ApiKey);
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/meridian/providers/Microsoft.Media/mediaServices/meridian",
            connection.AccountPath);
    }

    [Fact]
    public void Resolve_RegionFlag_TargetsThatRegion()
    {
        using var dir = WithUpFile();

        var connection = new ConnectionSettings { Data = dir.Path, Region = "REGION2" }.Resolve();

        Assert.Equal(new Uri("http://127.0.2.1:7080/"), connection.ControlPlane);
        Assert.Equal(new Uri("http://127.0.2.1:7081/"), connection.Streaming);
    }

    [Fact]
    public void Resolve_UnknownRegion_ListsTheKnownOnes()
    {
        using var dir = WithUpFile();

        var error = Assert.Throws<CliException>(() => new ConnectionSettings { Data = dir.Path, Region = "mars" }.Resolve());

        Assert.Contains("no region 'mars'; it has region1, region2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Flags_WinOverTheUpFile()
    {
        using var dir = WithUpFile();

        var connection = new ConnectionSettings
        {
            Data = dir.Path,
            Endpoint = "http://127.0.2.1:7080",
            ApiKey = "other-key",
            Subscription = "sub1",
            ResourceGroup = "rg1",
            Account = "acct1",
        }.Resolve();

        Assert.Equal(new Uri("http://127.0.2.1:7080/"), connection.ControlPlane);
        Assert.Equal(new Uri("http://127.0.2.1:7081/"), connection.Streaming);
        Assert.Equal("other-key", connection.ApiKey);
        Assert.Equal("/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Media/mediaServices/acct1", connection.AccountPath);
    }

    [Fact]
    public void Resolve_NoUpFileButEndpointAndKey_UsesTheStackDefaults()
    {
        using var dir = new TempDirectory();

        var connection = new ConnectionSettings { Data = dir.Path, Endpoint = "https://10.1.2.3:9443/ignored/path", ApiKey = "k" }.Resolve();

        Assert.Equal(new Uri("https://10.1.2.3:9443/"), connection.ControlPlane);
        Assert.Null(connection.Streaming);
        Assert.Equal((StackDefaults.Subscription, StackDefaults.ResourceGroup, StackDefaults.Account),
            (connection.Subscription, connection.ResourceGroup, connection.Account));
    }

    [Fact]
    public void Resolve_NoUpFileAndNoFlags_SaysHowToStartAStack()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<CliException>(() => new ConnectionSettings { Data = dir.Path }.Resolve());

        Assert.Contains("./meridian up", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir.Path, "up.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EndpointNotAUrl_Fails()
    {
        using var dir = WithUpFile();

        Assert.Throws<CliException>(() => new ConnectionSettings { Data = dir.Path, Endpoint = "ftp://x" }.Resolve());
    }

    private static TempDirectory WithUpFile()
    {
        var dir = new TempDirectory();
        UpCommand.Describe(dir.Path, StackLayout.Regions(7080), Key).Write(Path.Combine(dir.Path, "up.json"));
        return dir;
    }
}
