using Meridian.Cli.Regions;
using Meridian.Cli.Stack;
using Meridian.Region.Hosting;

namespace Meridian.Cli.Tests.Stack;

public sealed class StackLayoutTests
{
    [Fact]
    public void Regions_DefaultBasePort_EachRegionOnItsOwnLoopbackAddressWithFixedPorts()
    {
        var regions = StackLayout.Regions(StackLayout.DefaultBasePort);

        Assert.Equal(["region1", "region2"], regions.Select(r => r.Name));
        Assert.Equal(new Uri("http://127.0.1.1:7080/"), regions[0].ControlPlane);
        Assert.Equal(new Uri("http://127.0.1.1:7081/"), regions[0].Streaming);
        Assert.Equal(new Uri("http://127.0.1.1:7082/"), regions[0].KeyDelivery);
        Assert.Equal(new Uri("http://127.0.1.1:7083/"), regions[0].Blob);
        Assert.Equal(new Uri("https://127.0.1.1:7084/"), regions[0].ControlPlaneHttps);
        Assert.Equal(new Uri("http://127.0.2.1:7080/"), regions[1].ControlPlane);
        Assert.Equal(new Uri("https://127.0.2.1:7084/"), regions[1].ControlPlaneHttps);
    }

    [Fact]
    public void Regions_OtherBasePort_ShiftsEveryRole()
    {
        var region = StackLayout.Regions(20000)[1];

        Assert.Equal(
            ["controlplane=http://127.0.2.1:20000", "controlplane=https://127.0.2.1:20004", "streaming=http://127.0.2.1:20001",
                "keydelivery=http://127.0.2.1:20002", "blob=http://127.0.2.1:20003"],
            region.Listeners.Select(l => l.ToString()));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(65532)]
    public void Regions_BasePortOutOfRange_Throws(int basePort) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StackLayout.Regions(basePort));

    [Fact]
    public void RegionProcessArguments_ParseBackIntoTheRegionsListeners()
    {
        var region = StackLayout.Regions(7080)[0];
        var arguments = RegionProcess.Arguments(region, "/data/region1", "/data/apikey", 42);

        var urls = arguments.Select((a, i) => (a, i)).Where(x => x.a == "--urls").Select(x => arguments[x.i + 1]).ToArray();
        var settings = new RegionServeCommand.Settings { Name = "region1", Data = "/data/region1", Urls = urls };
        var options = RegionServeCommand.BuildOptions(settings);

        Assert.Equal(["region", "serve", "--name", "region1", "--data", "/data/region1", "--api-key-file", "/data/apikey", "--parent-pid", "42"],
            arguments.Take(10));
        Assert.Equal(region.Listeners, options.Listeners);
        Assert.Equal([ListenerRole.ControlPlane, ListenerRole.ControlPlane, ListenerRole.Streaming, ListenerRole.KeyDelivery, ListenerRole.Blob],
            options.Listeners.Select(l => l.Role));
    }
}
