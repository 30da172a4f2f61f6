using System.Text.RegularExpressions;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.Commands;

/// <summary>Needs content key policies and streaming policies in the control plane (issue #2, other helpers' branches).</summary>
public sealed class PolicyCommandTests
{
    [Fact]
    public async Task ContentKeyPolicies_OpenAndToken_CreateListShow()
    {
        await using var region = await LocalRegion.StartAsync();

        var open = await region.RunAsync("policy", "content-key", "create", "open1", "--open", "--description", "anyone");
        Assert.True(open.ExitCode == 0, open.ToString());
        Assert.StartsWith("Created content key policy open1.", open.Out, StringComparison.Ordinal);
        Assert.Contains("ClearKey/Open", open.Out, StringComparison.Ordinal);

        var token = await region.RunAsync("policy", "content-key", "create", "jwt1", "--token", "--issuer", "iss1", "--audience", "aud1");
        Assert.True(token.ExitCode == 0, token.ToString());
        var key = Regex.Match(token.Out, "Token signing key .*: (?<key>[A-Za-z0-9+/=]{44})").Groups["key"].Value;
        Assert.Equal(32, Convert.FromBase64String(key).Length);

        var show = await region.RunAsync("policy", "content-key", "show", "jwt1");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Matches(@"ClearKey/Token\s+\S\s+iss1\s+\S\s+aud1", show.Out);
        Assert.DoesNotContain(key, show.Out, StringComparison.Ordinal);

        var list = await region.RunAsync("policy", "content-key", "list");
        Assert.Matches(@"jwt1\s+\S\s+ClearKey/Token", list.Out);
        Assert.Matches(@"open1\s+\S\s+ClearKey/Open", list.Out);
    }

    [Fact]
    public async Task StreamingPolicies_CreateListShow_AndCannotBeReplaced()
    {
        await using var region = await LocalRegion.StartAsync();
        await region.RunAsync("policy", "content-key", "create", "open1");

        var created = await region.RunAsync("policy", "streaming", "create", "aes1", "--scheme", "envelope", "--content-key-policy", "open1");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Matches(@"schemes\s+\S\s+envelope", created.Out);
        Assert.Matches(@"protocols\s+\S\s+hls, dash, smooth", created.Out);

        var clear = await region.RunAsync("policy", "streaming", "create", "dl1", "--scheme", "clear", "--protocols", "download,hls");
        Assert.True(clear.ExitCode == 0, clear.ToString());

        var show = await region.RunAsync("policy", "streaming", "show", "aes1");
        Assert.Matches(@"defaultContentKeyPolicyName\s+\S\s+open1", show.Out);

        var list = await region.RunAsync("policy", "streaming", "list");
        Assert.Matches(@"aes1\s+\S\s+envelope\s+\S\s+hls, dash, smooth\s+\S\s+open1", list.Out);
        Assert.Matches(@"dl1\s+\S\s+clear\s+\S\s+hls, download", list.Out);

        var again = await region.RunAsync("policy", "streaming", "create", "aes1", "--scheme", "clear");
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error ", again.Err, StringComparison.Ordinal);
    }
}
