using System.Web;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Region.Tests.Storage;

/// <summary><c>POST assets/{name}/listContainerSas</c> on the control plane.</summary>
public sealed class ListContainerSasTests
{
    [Theory]
    [InlineData("Read", "rl")]
    [InlineData("ReadWrite", "rcwl")]
    [InlineData("ReadWriteDelete", "rcwdl")]
    [InlineData("readwrite", "rcwl")]
    public async Task ListContainerSas_ReturnsTwoUrlsOnTheBlobEndpoint(string permissions, string sp)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        await using var region = await TestRegion.StartAsync(configureBuilder: b => b.Services.AddSingleton<TimeProvider>(clock));
        await region.CreateAccountAsync();
        var container = await BlobTestSupport.CreateAssetAsync(region, "a1");

        var (status, body) = await region.PostAsync("assets/a1/listContainerSas",
            new { permissions, expiryTime = "2030-05-07T06:08:09.9876543Z" });

        Assert.Equal(200, status);
        var urls = body!["assetContainerSasUrls"]!.AsArray().Select(u => new Uri((string)u!)).ToList();
        Assert.Equal(2, urls.Count);
        var blob = region.Server.Addresses.Blob;
        foreach (var url in urls)
        {
            Assert.Equal(blob.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
            Assert.Equal($"/region1/{container}", url.AbsolutePath);
            var query = HttpUtility.ParseQueryString(url.Query);
            Assert.Equal("c", query["sr"]);
            Assert.Equal(sp, query["sp"]);
            Assert.Equal("2030-05-07T06:08:09Z", query["se"]);
            Assert.False(string.IsNullOrEmpty(query["sv"]));
            Assert.Equal(32, Convert.FromBase64String(query["sig"]!).Length);
        }

        Assert.NotEqual(HttpUtility.ParseQueryString(urls[0].Query)["sig"], HttpUtility.ParseQueryString(urls[1].Query)["sig"]);
    }

    [Theory]
    [InlineData(24 * 60 + 1)]
    [InlineData(48 * 60)]
    [InlineData(0)]
    [InlineData(-60)]
    public async Task ListContainerSas_ExpiryOutsideNextDay_Returns400(int minutesFromNow)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        await using var region = await TestRegion.StartAsync(configureBuilder: b => b.Services.AddSingleton<TimeProvider>(clock));
        await region.CreateAccountAsync();
        await BlobTestSupport.CreateAssetAsync(region, "a1");

        var (status, body) = await region.PostAsync("assets/a1/listContainerSas",
            new { permissions = "Read", expiryTime = clock.GetUtcNow().AddMinutes(minutesFromNow) });

        Assert.Equal(400, status);
        Assert.Equal("expiryTime", (string?)body!["error"]!["target"]);
    }

    [Fact]
    public async Task ListContainerSas_ExpiryAtTheLimit_Succeeds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        await using var region = await TestRegion.StartAsync(configureBuilder: b => b.Services.AddSingleton<TimeProvider>(clock));
        await region.CreateAccountAsync();
        await BlobTestSupport.CreateAssetAsync(region, "a1");

        var (status, _) = await region.PostAsync("assets/a1/listContainerSas", new { permissions = "Read", expiryTime = clock.GetUtcNow().AddHours(24) });

        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData("{\"permissions\":\"Write\",\"expiryTime\":\"{expiry}\"}")]
    [InlineData("{\"permissions\":\"\",\"expiryTime\":\"{expiry}\"}")]
    [InlineData("{\"permissions\":1,\"expiryTime\":\"{expiry}\"}")]
    [InlineData("{\"expiryTime\":\"{expiry}\"}")]
    [InlineData("{\"permissions\":\"Read\"}")]
    [InlineData("{\"permissions\":\"Read\",\"expiryTime\":\"tomorrow\"}")]
    public async Task ListContainerSas_BadInput_Returns400(string json)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await BlobTestSupport.CreateAssetAsync(region, "a1");
        var expiry = DateTimeOffset.UtcNow.AddHours(1).ToString("o", System.Globalization.CultureInfo.InvariantCulture);

        var (status, body) = await region.SendAsync(HttpMethod.Post, "assets/a1/listContainerSas", json.Replace("{expiry}", expiry, StringComparison.Ordinal));

        Assert.Equal(400, status);
        Assert.NotNull(body!["error"]!["code"]);
    }

    [Fact]
    public async Task ListContainerSas_UnknownAsset_Returns404()
    {
        await using var region = await TestRegion.StartWithAccountAsync();

        var (status, body) = await region.PostAsync("assets/missing/listContainerSas",
            new { permissions = "Read", expiryTime = DateTimeOffset.UtcNow.AddHours(1) });

        Assert.Equal(404, status);
        Assert.Equal("ResourceNotFound", (string?)body!["error"]!["code"]);
    }
}
