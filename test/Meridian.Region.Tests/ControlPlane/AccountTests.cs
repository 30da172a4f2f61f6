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
}
