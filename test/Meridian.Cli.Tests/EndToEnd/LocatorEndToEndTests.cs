using System.Globalization;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.EndToEnd;

/// <summary>
/// The publish flow through the real CLI against <c>meridian up</c>. Needs streaming locators in the control plane
/// (issue #2, the locator helper's branch).
/// </summary>
public sealed class LocatorEndToEndTests
{
    [Fact]
    public async Task Up_CreateAssetAndLocator_PathsAreOnTheRegionsStreamingEndpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var basePort = FreePorts.FindBase();
        await using var up = UpProcess.Start(data.Path, basePort);
        var file = await up.WaitForUpFileAsync(ct);

        var asset = await CliProcess.RunAsync(["asset", "create", "a1", "--data", data.Path], ct);
        Assert.True(asset.ExitCode == 0, asset.ToString());

        var id = Guid.NewGuid().ToString();
        var locator = await CliProcess.RunAsync(["locator", "create", "l1", "--asset", "a1", "--locator-id", id, "--data", data.Path], ct);
        Assert.True(locator.ExitCode == 0, locator.ToString());

        var list = await CliProcess.RunAsync(["locator", "list", "--data", data.Path], ct);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.Out, StringComparison.Ordinal);

        var paths = await CliProcess.RunAsync(["locator", "paths", "l1", "--data", data.Path], ct);
        Assert.True(paths.ExitCode == 0, paths.ToString());
        Assert.StartsWith($"Paths of locator l1 on http://127.0.1.1:{(basePort + 1).ToString(CultureInfo.InvariantCulture)}/", paths.Out,
            StringComparison.Ordinal);
        Assert.Equal(file.Regions[0].Streaming, new Uri($"http://127.0.1.1:{basePort + 1}/"));

        up.Interrupt();
        Assert.Equal(0, await up.WaitForExitAsync(ct));
    }
}
