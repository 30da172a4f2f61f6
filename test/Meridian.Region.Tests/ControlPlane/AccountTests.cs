using System.Text.Json.Nodes;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.ControlPlane;

public sealed class AccountTests
{
    [Fact]
    public async Task Put_NewAccount_Returns201WithArmEnvelope()
    {
        await using var region = await TestRegion.StartAsync();
        var (status, body) = await region.PutAsync(TestRegion.AccountPath, new { location = "westeurope", tags = new { env = "test" } });

        Assert.Equal(201, status);
        Assert.Equal("media1", (string?)body!["name"]);
        Assert.Equal("Microsoft.Media/mediaservices", (string?)body["type"]);
        Assert.Equal($"/subscriptions/{TestRegion.Subscription}/resourceGroups/rg1/providers/Microsoft.Media/mediaservices/media1", (string?)body["id"]);
        Assert.Equal("westeurope", (string?)body["location"]);
        Assert.Equal("test", (string?)body["tags"]!["env"]);
        Assert.Equal("Succeeded", (string?)body["properties"]!["provisioningState"]);
        Assert.True(Guid.TryParse((string?)body["properties"]!["mediaServiceId"], out _));
    }

    [Fact]
    public async Task Put_Existing_Returns200AndKeepsId()
    {
        await using var region = await TestRegion.StartAsync();
        var (_, first) = await region.PutAsync(TestRegion.AccountPath, new { location = "local" });
        var (status, second) = await region.PutAsync(TestRegion.AccountPath, new { location = "local", tags = new { a = "b" } });

        Assert.Equal(200, status);
        Assert.Equal((string?)first!["properties"]!["mediaServiceId"], (string?)second!["properties"]!["mediaServiceId"]);
        Assert.Equal("b", (string?)second["tags"]!["a"]);
    }

    [Fact]
    public async Task ListGetDelete_Account_FollowArmStatusCodes()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.CreateAccountAsync("media2");

        var (listStatus, list) = await region.GetAsync($"/subscriptions/{TestRegion.Subscription}/resourceGroups/rg1/providers/Microsoft.Media/mediaServices");
        Assert.Equal(200, listStatus);
        Assert.Equal(["media1", "media2"], list!["value"]!.AsArray().Select(v => (string?)v!["name"]));

        var (subStatus, bySub) = await region.GetAsync($"/subscriptions/{TestRegion.Subscription}/providers/Microsoft.Media/mediaServices");
        Assert.Equal(200, subStatus);
        Assert.Equal(2, bySub!["value"]!.AsArray().Count);

        Assert.Equal(200, (await region.GetAsync(TestRegion.AccountPath.Replace("media1", "MEDIA1", StringComparison.Ordinal))).Status);
        Assert.Equal(200, (await region.DeleteAsync(TestRegion.AccountPath)).Status);
        Assert.Equal(204, (await region.DeleteAsync(TestRegion.AccountPath)).Status);
        var (missing, error) = await region.GetAsync(TestRegion.AccountPath);
        Assert.Equal(404, missing);
        Assert.Equal("ResourceNotFound", (string?)error!["error"]!["code"]);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("UPPER")]
    [InlineData("has-hyphen")]
    [InlineData("waytoolongaccountname12345")]
    public async Task Put_InvalidAccountName_Returns400AndCreatesNothing(string name)
    {
        await using var region = await TestRegion.StartAsync();
        var path = TestRegion.AccountPath.Replace("media1", name, StringComparison.Ordinal);
        var (status, body) = await region.PutAsync(path, new { location = "local" });

        Assert.Equal(400, status);
        Assert.Equal("InvalidResourceName", (string?)body!["error"]!["code"]);
        var (_, list) = await region.GetAsync($"/subscriptions/{TestRegion.Subscription}/providers/Microsoft.Media/mediaServices");
        Assert.Empty(list!["value"]!.AsArray());
    }

    [Fact]
    public async Task Patch_MissingAccount_Is404AndCreatesNothing()
    {
        await using var region = await TestRegion.StartAsync();
        var (status, body) = await region.PatchAsync(TestRegion.AccountPath, new { location = "local" });

        Assert.Equal(404, status);
        Assert.Equal("ResourceNotFound", (string?)body!["error"]!["code"]);
        Assert.Equal(404, (await region.GetAsync(TestRegion.AccountPath)).Status);
    }

    [Fact]
    public async Task PutOrPatch_AnotherLocation_Is400_TheSameOneInAnotherSpellingIsNot()
    {
        await using var region = await TestRegion.StartAsync();
        Assert.Equal(201, (await region.PutAsync(TestRegion.AccountPath, new { location = "West Europe" })).Status);

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch })
        {
            var (status, body) = await region.SendAsync(method, TestRegion.AccountPath, new { location = "mars" });
            Assert.Equal(400, status);
            Assert.Equal("InvalidResourceLocation", (string?)body!["error"]!["code"]);
        }

        Assert.Equal(200, (await region.PatchAsync(TestRegion.AccountPath, new { location = "westeurope", tags = new { a = "b" } })).Status);
        var (_, shown) = await region.GetAsync(TestRegion.AccountPath);
        Assert.Equal("West Europe", (string?)shown!["location"]);
        Assert.Equal("b", (string?)shown["tags"]!["a"]);
    }

    [Fact]
    public async Task Patch_KeyDelivery_MergesIntoTheStoredRule_AndNullResetsIt()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        static object Control(object accessControl) => new { properties = new { keyDelivery = new { accessControl } } };
        async Task<JsonNode> RuleAsync() => (await region.GetAsync(TestRegion.AccountPath)).Body!["properties"]!["keyDelivery"]!["accessControl"]!;

        Assert.Equal(200, (await region.PatchAsync(TestRegion.AccountPath, Control(new { defaultAction = "Deny", ipAllowList = new[] { "10.0.0.0/8" } }))).Status);

        // Naming only the action keeps the list; naming only the list keeps Deny (it was once read as Allow: a 400).
        Assert.Equal(200, (await region.PatchAsync(TestRegion.AccountPath, Control(new { defaultAction = "Deny" }))).Status);
        Assert.Equal(["10.0.0.0/8"], (await RuleAsync())["ipAllowList"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(200, (await region.PatchAsync(TestRegion.AccountPath, Control(new { ipAllowList = new[] { "10.0.0.0/8", "192.168.0.0/16" } }))).Status);
        Assert.Equal("Deny", (string?)(await RuleAsync())["defaultAction"]);
        Assert.Equal(2, (await RuleAsync())["ipAllowList"]!.AsArray().Count);

        // A PATCH that does not name keyDelivery leaves it; one that names it as null resets it to the default.
        Assert.Equal(200, (await region.PatchAsync(TestRegion.AccountPath, new { tags = new { a = "b" } })).Status);
        Assert.Equal("Deny", (string?)(await RuleAsync())["defaultAction"]);
        Assert.Equal(200, (await region.SendAsync(HttpMethod.Patch, TestRegion.AccountPath, """{"properties":{"keyDelivery":null}}""")).Status);
        Assert.Equal("Allow", (string?)(await RuleAsync())["defaultAction"]);
        Assert.Null((await RuleAsync())["ipAllowList"]);
    }

    [Theory]
    [InlineData("127.1")]
    [InlineData("1")]
    [InlineData("10.0.0.1/24")]
    [InlineData("10.0.0.0/33")]
    [InlineData("2001:db8::1/32")]
    [InlineData("10.0.0.0/-1")]
    public async Task IpAllowList_ShorthandAddressesAndRangesWithHostBits_Are400(string entry)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.PatchAsync(TestRegion.AccountPath,
            new { properties = new { keyDelivery = new { accessControl = new { defaultAction = "Deny", ipAllowList = new[] { "10.0.0.0/8", entry } } } } });

        Assert.Equal(400, status);
        Assert.Equal("properties.keyDelivery.accessControl.ipAllowList[1]", (string?)body!["error"]!["target"]);
        Assert.Equal("Allow", (string?)(await region.GetAsync(TestRegion.AccountPath)).Body!["properties"]!["keyDelivery"]!["accessControl"]!["defaultAction"]);
    }
}
