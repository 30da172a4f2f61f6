using Meridian.Region.Hosting;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Sdk;

/// <summary>
/// The official AMS JavaScript SDK (<c>@azure/arm-mediaservices</c>) drives a real region over HTTPS with a bearer
/// credential: assets, both policy kinds and locators, listPaths and listContentKeys (test/sdk-js/ams-sdk.test.mjs).
/// </summary>
public sealed class JsSdkTests
{
    [Fact]
    public async Task OfficialJavaScriptSdk_DrivesTheControlPlaneOverHttps()
    {
        var sdkDir = Path.Combine(RepoPaths.Root, "test", "sdk-js");
        Assert.True(Directory.Exists(Path.Combine(sdkDir, "node_modules", "@azure", "arm-mediaservices")),
            "npm packages are missing: run `npm ci` in test/sdk-js (./meridian test does).");

        // A small page size makes the SDK follow @odata.nextLink.
        await using var region = await TestRegion.StartWithAccountAsync(o => o.PageSize = 2);
        var https = region.Server.Addresses.ControlPlaneHttps ?? throw new InvalidOperationException("No HTTPS listener.");
        var environment = new Dictionary<string, string>
        {
            ["MERIDIAN_CONTROL_PLANE"] = https.ToString(),
            ["MERIDIAN_API_KEY"] = TestRegion.ApiKey,
            ["MERIDIAN_SUBSCRIPTION"] = TestRegion.Subscription,
            ["MERIDIAN_RESOURCE_GROUP"] = TestRegion.ResourceGroup,
            ["MERIDIAN_ACCOUNT"] = TestRegion.Account,
            // Trust the region's self-signed certificate the way a user would: as an extra CA, not by disabling checks.
            ["NODE_EXTRA_CA_CERTS"] = Path.Combine(region.DataDirectory, "certs", SelfSignedCertificate.PemName),
        };

        var (exitCode, output) = await ProcessRunner.RunAsync(
            "node", ["--test", "--test-reporter=spec", "ams-sdk.test.mjs"], sdkDir, environment, TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, "The SDK tests failed:\n" + output);
        Assert.Matches(@"(?m)^\S* ?fail 0\s*$", output);
        Assert.DoesNotMatch(@"(?m)^\S* ?pass 0\s*$", output);
    }
}
