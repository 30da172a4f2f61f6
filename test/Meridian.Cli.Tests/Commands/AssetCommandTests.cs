using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Meridian.Cli.Client;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.Commands;

public sealed class AssetCommandTests
{
    [Fact]
    public async Task CreateListShowDelete_AgainstARealRegion()
    {
        await using var region = await LocalRegion.StartAsync();

        var created = await region.RunAsync("asset", "create", "a1", "--description", "Trailer [HD]", "--alternate-id", "ALT-1");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.StartsWith("Created asset a1.", created.Out, StringComparison.Ordinal);

        var updated = await region.RunAsync("asset", "create", "a1", "--description", "Trailer [HD]", "--alternate-id", "ALT-1");
        Assert.StartsWith("Updated asset a1.", updated.Out, StringComparison.Ordinal);

        var list = await region.RunAsync("asset", "list");
        Assert.Equal(0, list.ExitCode);
        var row = list.Out.Split('\n').Single(l => l.Contains(" a1 ", StringComparison.Ordinal));
        Assert.Contains("ALT-1", row, StringComparison.Ordinal);
        Assert.Contains("Trailer [HD]", row, StringComparison.Ordinal);
        Assert.Contains("asset-", row, StringComparison.Ordinal);

        var show = await region.RunAsync("asset", "show", "a1");
        Assert.Equal(0, show.ExitCode);
        Assert.Matches(@"assetId\s+\S\s+[0-9a-f]{8}-", show.Out);
        Assert.Contains("Trailer [HD]", show.Out, StringComparison.Ordinal);

        var deleted = await region.RunAsync("asset", "delete", "a1");
        Assert.Equal((0, "Deleted asset a1."), (deleted.ExitCode, deleted.Out.Trim()));
        var again = await region.RunAsync("asset", "delete", "a1");
        Assert.Equal((0, "Asset a1 did not exist."), (again.ExitCode, again.Out.Trim()));
        var empty = await region.RunAsync("asset", "list");
        Assert.Equal("No assets.", empty.Out.Trim());
    }

    [Fact]
    public async Task Create_OnAnExistingAsset_ChangesOnlyWhatTheOptionsName()
    {
        // It once PUT the asset with only the options given: the alternate id went when only a description was given.
        await using var region = await LocalRegion.StartAsync();
        Assert.Equal(0, (await region.RunAsync("asset", "create", "keep", "--description", "first", "--alternate-id", "alt42")).ExitCode);

        var updated = await region.RunAsync("asset", "create", "keep", "--description", "second");

        Assert.StartsWith("Updated asset keep.", updated.Out, StringComparison.Ordinal);
        var show = await region.RunAsync("asset", "show", "keep");
        Assert.Contains("second", show.Out, StringComparison.Ordinal);
        Assert.Contains("alt42", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Missing_PrintsTheArmErrorAndExits1()
    {
        await using var region = await LocalRegion.StartAsync();

        var result = await region.RunAsync("asset", "show", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error ResourceNotFound: The asset 'nope' was not found.", result.Err.Trim());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Create_InvalidName_PrintsTheServicesReason()
    {
        await using var region = await LocalRegion.StartAsync();

        var result = await region.RunAsync("asset", "create", "bad+name");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error ", result.Err, StringComparison.Ordinal);
        Assert.Contains("bad+name", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WrongCredential_IsRefused()
    {
        await using var region = await LocalRegion.StartAsync();

        var result = await region.RunAsync("asset", "list", "--api-key", "not-the-key-0123456789");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error InvalidAuthenticationToken:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MorePagesThanOne_FollowsNextLink()
    {
        await using var region = await LocalRegion.StartAsync(pageSize: 2);
        using (var client = new ControlPlaneClient(region.Connection))
        {
            foreach (var name in new[] { "p1", "p2", "p3", "p4", "p5" })
            {
                await client.PutAsync($"assets/{name}", new JsonObject { ["properties"] = new JsonObject() }, TestContext.Current.CancellationToken);
            }
        }

        var list = await region.RunAsync("asset", "list");

        Assert.Equal(0, list.ExitCode);
        Assert.Equal(["p1", "p2", "p3", "p4", "p5"], Regex.Matches(list.Out, @"\bp[0-9]\b").Select(m => m.Value));
    }
}
