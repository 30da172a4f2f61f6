using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.Commands;

/// <summary>Command-line mistakes are caught before anything is sent, on standard error, with exit code 2.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("--open and --token exclude each other", "policy", "content-key", "create", "p1", "--open", "--token")]
    [InlineData("--token needs --issuer and --audience", "policy", "content-key", "create", "p1", "--token", "--issuer", "me")]
    [InlineData("--symmetric-key must be base64", "policy", "content-key", "create", "p1", "--token", "--issuer", "i", "--audience", "a", "--symmetric-key", "%%")]
    [InlineData("unknown scheme 'rot13'", "policy", "streaming", "create", "s1", "--scheme", "rot13")]
    [InlineData("--scheme is required", "policy", "streaming", "create", "s1")]
    [InlineData("--asset is required", "locator", "create", "l1")]
    [InlineData("is not a GUID", "locator", "create", "l1", "--asset", "a1", "--locator-id", "nope")]
    [InlineData("--base-port must be", "up", "--base-port", "80")]
    [InlineData("missing required argument 'NAME'", "asset", "create")]
    [InlineData("polcy", "locator", "create", "l1", "--asset", "a1", "--polcy", "aes1")]
    [InlineData("expire", "token", "l1", "--expire", "30m")]
    [InlineData("bogus", "up", "--bogus")]
    [InlineData("NAME cannot be empty", "asset", "show", "")]
    [InlineData("NAME cannot be empty", "asset", "create", " ")]
    public async Task Mistake_IsAUsageErrorOnStandardError(string message, params string[] arguments)
    {
        var result = await InProcessCli.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task NoRunningStack_SaysHowToStartOne()
    {
        using var dir = new TempDirectory();

        var result = await InProcessCli.RunAsync("asset", "list", "--data", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: no running stack", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointWithoutApiKey_SaysTheKeyIsMissing()
    {
        using var dir = new TempDirectory();

        var result = await InProcessCli.RunAsync("asset", "list", "--data", dir.Path, "--endpoint", "http://127.0.0.1:1");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: --endpoint needs --api-key", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUpFileOfAStackThatIsGone_SaysTheStackMayHaveStopped()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "up.json"), """
            {"subscription":"00000000-0000-0000-0000-000000000000","resourceGroup":"meridian","account":"meridian","apiKey":"0123456789abcdef0123",
             "regions":[{"name":"region1","controlPlane":"http://127.0.0.1:1/","streaming":"http://127.0.0.1:2/","keyDelivery":"http://127.0.0.1:3/","blob":"http://127.0.0.1:4/"}]}
            """, TestContext.Current.CancellationToken);

        var result = await InProcessCli.RunAsync("asset", "list", "--data", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("may have stopped", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_IsANetworkError()
    {
        using var dir = new TempDirectory();

        var result = await InProcessCli.RunAsync("asset", "list", "--data", dir.Path, "--endpoint", "http://127.0.0.1:1", "--api-key", "k");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: cannot reach the control plane at http://127.0.0.1:1/", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadOfAMissingFile_FailsBeforeCallingTheService()
    {
        using var dir = new TempDirectory();
        var missing = Path.Combine(dir.Path, "missing.mp4");

        // The endpoint does not exist: the check has to happen first.
        var result = await InProcessCli.RunAsync("asset", "upload", "a1", missing, "--data", dir.Path, "--endpoint", "http://127.0.0.1:1", "--api-key", "k");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: no such file: {missing}", result.Err.Trim());
    }
}
