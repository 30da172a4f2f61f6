using System.Text.RegularExpressions;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.Commands;

/// <summary>Needs streaming locators and policies in the control plane (issue #2, other helpers' branches).</summary>
public sealed class LocatorCommandTests
{
    [Fact]
    public async Task ClearLocator_CreateListPathsKeys()
    {
        await using var region = await LocalRegion.StartAsync();
        await region.RunAsync("asset", "create", "a1");
        var guid = Guid.NewGuid();
        var id = guid.ToString();

        // Braces and no hyphens are a GUID too; the service is sent the hyphenated form it takes.
        var created = await region.RunAsync("locator", "create", "l1", "--asset", "a1", "--locator-id", guid.ToString("B"));
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains(id, created.Out, StringComparison.Ordinal);

        var list = await region.RunAsync("locator", "list");
        Assert.Matches($@"l1\s+\S\s+a1\s+\S\s+{id}\s+\S\s+Predefined_ClearStreamingOnly", list.Out);

        var paths = await region.RunAsync("locator", "paths", "l1");
        Assert.True(paths.ExitCode == 0, paths.ToString());
        Assert.StartsWith($"Paths of locator l1 on {region.Server.Addresses.Streaming}", paths.Out, StringComparison.Ordinal);

        var keys = await region.RunAsync("locator", "keys", "l1");
        Assert.True(keys.ExitCode == 0, keys.ToString());
        Assert.Contains("has no content keys", keys.Out, StringComparison.Ordinal);

        // The service's "delete it and create it again" can be done from here too.
        Assert.Equal((0, "Deleted locator l1."), await OutAsync(region, "locator", "delete", "l1"));
        Assert.Equal((0, "Locator l1 did not exist."), await OutAsync(region, "locator", "delete", "l1"));
        Assert.Equal(0, (await region.RunAsync("policy", "content-key", "create", "open1", "--open")).ExitCode);
        Assert.Equal(0, (await region.RunAsync("policy", "streaming", "create", "aes1", "--scheme", "envelope", "--content-key-policy", "open1")).ExitCode);
        var inUse = await region.RunAsync("policy", "content-key", "delete", "open1");
        Assert.Equal(1, inUse.ExitCode);
        Assert.Contains("aes1", inUse.Err, StringComparison.Ordinal);
        Assert.Equal((0, "Deleted streaming policy aes1."), await OutAsync(region, "policy", "streaming", "delete", "aes1"));
        Assert.Equal((0, "Deleted content key policy open1."), await OutAsync(region, "policy", "content-key", "delete", "open1"));
        Assert.Equal(0, (await region.RunAsync("transform", "create", "sd", "--preset", "H264SingleBitrateSD")).ExitCode);
        Assert.Equal((0, "Deleted transform sd."), await OutAsync(region, "transform", "delete", "sd"));
    }

    private static async Task<(int, string)> OutAsync(LocalRegion region, params string[] arguments)
    {
        var result = await region.RunAsync(arguments);
        return (result.ExitCode, result.Out.Trim());
    }

    [Fact]
    public async Task EnvelopeLocator_HasAnAesKeyFromThePolicy()
    {
        await using var region = await LocalRegion.StartAsync();
        await region.RunAsync("asset", "create", "a1");
        await region.RunAsync("policy", "content-key", "create", "open1", "--open");
        await region.RunAsync("policy", "streaming", "create", "aes1", "--scheme", "envelope", "--content-key-policy", "open1");

        var created = await region.RunAsync("locator", "create", "l2", "--asset", "a1", "--policy", "aes1");
        Assert.True(created.ExitCode == 0, created.ToString());

        var keys = await region.RunAsync("locator", "keys", "l2");
        Assert.True(keys.ExitCode == 0, keys.ToString());
        var row = Regex.Match(keys.Out, @"(?<id>[0-9a-f-]{36})\s+\S\s+EnvelopeEncryption\s+\S\s+aesDefaultKey\s+\S\s+open1\s+\S\s+(?<value>[A-Za-z0-9+/]{22}==)");
        Assert.True(row.Success, keys.ToString());
        Assert.Equal(16, Convert.FromBase64String(row.Groups["value"].Value).Length);
    }

    [Fact]
    public async Task Create_UnknownAsset_ShowsTheServicesError()
    {
        await using var region = await LocalRegion.StartAsync();

        var result = await region.RunAsync("locator", "create", "l1", "--asset", "ghost");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error ", result.Err, StringComparison.Ordinal);
        Assert.Contains("ghost", result.Err, StringComparison.Ordinal);
    }
}
