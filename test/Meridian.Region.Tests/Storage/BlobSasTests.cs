using System.Web;
using Azure;
using Azure.Storage.Blobs.Specialized;
using Meridian.Region.Storage.Sas;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Region.Tests.Storage;

/// <summary>SAS enforcement on the blob endpoint: refused requests get the right status and change nothing on disk.</summary>
public sealed class BlobSasTests
{
    [Fact]
    public async Task TamperedSignature_Returns403AuthenticationFailedAndChangesNothing()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var sig = QueryValue(sasUrl, "sig");
        var flipped = (sig[0] == 'A' ? 'B' : 'A') + sig[1..];
        var tampered = WithQueryValue(sasUrl, "sig", flipped);

        await AssertRefusedAsync(region, tampered, 403, "AuthenticationFailed");
    }

    [Theory]
    [InlineData("sp", "rcwdl")]
    [InlineData("sp", "rlw")]
    [InlineData("sv", "2020-01-01")]
    [InlineData("sr", "b")]
    public async Task AlteredSignedField_Returns403AuthenticationFailed(string field, string value)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1", permissions: "Read");

        await AssertRefusedAsync(region, WithQueryValue(sasUrl, field, value), 403, "AuthenticationFailed");
    }

    [Fact]
    public async Task ExtendedExpiry_Returns403AuthenticationFailed()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var se = DateTimeOffset.Parse(QueryValue(sasUrl, "se"), System.Globalization.CultureInfo.InvariantCulture);
        var later = se.AddDays(30).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        await AssertRefusedAsync(region, WithQueryValue(sasUrl, "se", later), 403, "AuthenticationFailed");
    }

    [Fact]
    public async Task ExpiredSas_Returns403AndChangesNothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var region = await TestRegion.StartAsync(configureBuilder: b => b.Services.AddSingleton<TimeProvider>(clock));
        await region.CreateAccountAsync();
        var (_, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1", now: clock.GetUtcNow());
        var ct = TestContext.Current.CancellationToken;
        await BlobTestSupport.Client(sasUrl).GetBlobClient("existing.txt").UploadAsync(BinaryData.FromString("before"), ct);

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("before", (await BlobTestSupport.Client(sasUrl).GetBlobClient("existing.txt").DownloadContentAsync(ct)).Value.Content.ToString());

        clock.Advance(TimeSpan.FromMinutes(2));
        await AssertRefusedAsync(region, sasUrl, 403, "AuthenticationFailed");
    }

    [Fact]
    public async Task NotYetValidSas_Returns403()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var sas = region.Server.Services.GetRequiredService<ContainerSas>();
        var owner = await BlobTestSupport.AssetIdAsync(region, "a1");
        var now = DateTimeOffset.UtcNow;
        var query = sas.Create(container, owner, SasPermissions.Read | SasPermissions.List | SasPermissions.Write, now.AddHours(2), 0, start: now.AddHours(1));
        var early = $"{sasUrl[..sasUrl.IndexOf('?', StringComparison.Ordinal)]}?{query}";

        await AssertRefusedAsync(region, early, 403, "AuthenticationFailed");

        var started = sas.Create(container, owner, SasPermissions.List, now.AddHours(2), 1, start: now.AddMinutes(-1));
        var client = BlobTestSupport.Client($"{sasUrl[..sasUrl.IndexOf('?', StringComparison.Ordinal)]}?{started}");
        await foreach (var page in client.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions(), TestContext.Current.CancellationToken).AsPages())
        {
            Assert.Empty(page.Values);
        }
    }

    [Fact]
    public async Task ReadOnlySas_CannotWriteOrDelete()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, writeUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var ct = TestContext.Current.CancellationToken;
        await BlobTestSupport.Client(writeUrl).GetBlobClient("existing.txt").UploadAsync(BinaryData.FromString("before"), ct);
        var readUrl = (await BlobTestSupport.ListSasAsync(region, "a1", "Read", DateTimeOffset.UtcNow.AddHours(1)))[0];
        var before = BlobTestSupport.Snapshot(region);
        var client = BlobTestSupport.Client(readUrl);

        Assert.Equal("before", (await client.GetBlobClient("existing.txt").DownloadContentAsync(ct)).Value.Content.ToString());
        await AssertFailsAsync(403, "AuthorizationPermissionMismatch", () => client.GetBlobClient("new.txt").UploadAsync(BinaryData.FromString("x"), ct));
        await AssertFailsAsync(403, "AuthorizationPermissionMismatch",
            () => client.GetBlobClient("existing.txt").UploadAsync(BinaryData.FromString("x"), overwrite: true, ct));
        await AssertFailsAsync(403, "AuthorizationPermissionMismatch",
            () => client.GetBlockBlobClient("b.bin").StageBlockAsync("AAAA", new MemoryStream([1, 2, 3]), cancellationToken: ct));
        await AssertFailsAsync(403, "AuthorizationPermissionMismatch", () => client.GetBlobClient("existing.txt").DeleteAsync(cancellationToken: ct));
        await AssertFailsAsync(403, "AuthorizationPermissionMismatch",
            () => client.GetBlobClient("existing.txt").SetMetadataAsync(new Dictionary<string, string> { ["a"] = "b" }, cancellationToken: ct));

        Assert.Equal(before, BlobTestSupport.Snapshot(region));
    }

    [Fact]
    public async Task ReadWriteSas_CannotDelete()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, url) = await BlobTestSupport.AssetWithSasAsync(region, "a1", permissions: "ReadWrite");
        var blob = BlobTestSupport.Client(url).GetBlobClient("kept.txt");
        var ct = TestContext.Current.CancellationToken;
        await blob.UploadAsync(BinaryData.FromString("kept"), ct);
        var before = BlobTestSupport.Snapshot(region);

        await AssertFailsAsync(403, "AuthorizationPermissionMismatch", () => blob.DeleteAsync(cancellationToken: ct));

        Assert.Equal(before, BlobTestSupport.Snapshot(region));
        Assert.True(await blob.ExistsAsync(ct));
    }

    [Fact]
    public async Task CreateOnlySas_CreatesNewBlobsButCannotOverwrite()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, url) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var ct = TestContext.Current.CancellationToken;
        await BlobTestSupport.Client(url).GetBlobClient("existing.txt").UploadAsync(BinaryData.FromString("before"), ct);
        var query = region.Server.Services.GetRequiredService<ContainerSas>()
            .Create(container, await BlobTestSupport.AssetIdAsync(region, "a1"), SasPermissions.Create, DateTimeOffset.UtcNow.AddHours(1), 0);
        var client = BlobTestSupport.Client($"{url[..url.IndexOf('?', StringComparison.Ordinal)]}?{query}");

        await client.GetBlobClient("new.txt").UploadAsync(BinaryData.FromString("created"), ct);
        await client.GetBlockBlobClient("blocks.bin").StageBlockAsync("AAAA", new MemoryStream([1, 2, 3]), cancellationToken: ct);
        await client.GetBlockBlobClient("blocks.bin").CommitBlockListAsync(["AAAA"], cancellationToken: ct);
        var before = BlobTestSupport.Snapshot(region);

        await AssertFailsAsync(403, "AuthorizationPermissionMismatch",
            () => client.GetBlobClient("existing.txt").UploadAsync(BinaryData.FromString("x"), overwrite: true, ct));
        await AssertFailsAsync(403, "AuthorizationPermissionMismatch", () => client.GetBlobClient("new.txt").DownloadContentAsync(ct));

        Assert.Equal(before, BlobTestSupport.Snapshot(region));
        Assert.Equal("created", await File.ReadAllTextAsync(BlobTestSupport.BlobFile(region, container, "new.txt"), ct));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(BlobTestSupport.BlobFile(region, container, "blocks.bin"), ct));
    }

    [Fact]
    public async Task SasForAnotherContainer_Returns403AndChangesNothing()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container1, url1) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var (container2, url2) = await BlobTestSupport.AssetWithSasAsync(region, "a2");
        var ct = TestContext.Current.CancellationToken;
        await BlobTestSupport.Client(url2).GetBlobClient("secret.txt").UploadAsync(BinaryData.FromString("a2 only"), ct);

        // a1's signature on a2's container.
        var crossed = url1.Replace(container1, container2, StringComparison.Ordinal);
        Assert.Contains(container2, crossed, StringComparison.Ordinal);

        await AssertRefusedAsync(region, crossed, 403, "AuthenticationFailed", existingBlob: "secret.txt");
    }

    [Fact]
    public async Task NoSas_Returns401()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, url) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var bare = url[..url.IndexOf('?', StringComparison.Ordinal)];

        var response = await BlobTestSupport.SendRawAsync(region.Server.Addresses.Blob, "GET", new Uri(bare).AbsolutePath + "?restype=container&comp=list");

        Assert.Equal(401, response.Status);
        Assert.Equal("NoAuthenticationInformation", response.ErrorCode);
        Assert.Contains("<Error><Code>NoAuthenticationInformation</Code><Message>", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BothUrls_WorkAndSurviveRestart()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await BlobTestSupport.CreateAssetAsync(region, "a1");
        var urls = await BlobTestSupport.ListSasAsync(region, "a1", "ReadWriteDelete", DateTimeOffset.UtcNow.AddHours(1));
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(2, urls.Length);
        Assert.NotEqual(QueryValue(urls[0], "sig"), QueryValue(urls[1], "sig"));
        await BlobTestSupport.Client(urls[0]).GetBlobClient("one.txt").UploadAsync(BinaryData.FromString("1"), ct);
        await BlobTestSupport.Client(urls[1]).GetBlobClient("two.txt").UploadAsync(BinaryData.FromString("2"), ct);
        var keysFile = Path.Combine(region.DataDirectory, StorageKeys.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keysFile));
        }

        await region.RestartAsync();

        // The blob listener has a new port; the signature does not cover it.
        foreach (var url in urls)
        {
            var moved = new UriBuilder(url) { Port = region.Server.Addresses.Blob.Port }.Uri.ToString();
            var client = BlobTestSupport.Client(moved);
            Assert.Equal("1", (await client.GetBlobClient("one.txt").DownloadContentAsync(ct)).Value.Content.ToString());
            Assert.Equal("2", (await client.GetBlobClient("two.txt").DownloadContentAsync(ct)).Value.Content.ToString());
        }
    }

    /// <summary>
    /// Tries every operation with the URL: list, read, properties, put blob, put block, put block list, delete. Each must
    /// fail with the status and code, and the blob directory must be unchanged.
    /// </summary>
    [Fact]
    public async Task SasOfADeletedAsset_DoesNotOpenTheContainerToTheAssetThatTakesItsName()
    {
        // One blob store serves every account of a region: a container name freed by a delete can be taken by another
        // account's asset, and the first asset's SAS once opened it.
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.CreateAccountAsync("media2");
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(201, (await region.PutAsync("assets/a1", new { properties = new { container = "shared-name" } })).Status);
        var oldUrl = (await BlobTestSupport.ListSasAsync(region, "a1", "ReadWriteDelete", DateTimeOffset.UtcNow.AddHours(1)))[0];
        await BlobTestSupport.Client(oldUrl).GetBlobClient("mine.txt").UploadAsync(BinaryData.FromString("a1"), ct);
        Assert.Equal(200, (await region.DeleteAsync("assets/a1")).Status);

        var other = TestRegion.AccountPath.Replace("media1", "media2", StringComparison.Ordinal);
        Assert.Equal(201, (await region.PutAsync($"{other}/assets/b1", new { properties = new { container = "shared-name" } })).Status);
        var (status, body) = await region.PostAsync($"{other}/assets/b1/listContainerSas", new { permissions = "ReadWrite", expiryTime = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal(200, status);
        var newUrl = (string)body!["assetContainerSasUrls"]![0]!;
        await BlobTestSupport.Client(newUrl).GetBlobClient("existing.txt").UploadAsync(BinaryData.FromString("b1"), ct);

        await AssertRefusedAsync(region, oldUrl, 403, "AuthenticationFailed");
        Assert.Equal("b1", (await BlobTestSupport.Client(newUrl).GetBlobClient("existing.txt").DownloadContentAsync(ct)).Value.Content.ToString());
    }

    private static async Task AssertRefusedAsync(TestRegion region, string sasUrl, int status, string code, string existingBlob = "existing.txt")
    {
        var ct = TestContext.Current.CancellationToken;
        var before = BlobTestSupport.Snapshot(region);
        var client = BlobTestSupport.Client(sasUrl);
        var existing = client.GetBlobClient(existingBlob);
        var fresh = client.GetBlobClient("fresh.txt");

        await AssertFailsAsync(status, code, async () =>
        {
            await foreach (var _ in client.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions(), ct))
            {
            }
        });
        await AssertFailsAsync(status, code, () => existing.DownloadContentAsync(ct));
        await AssertFailsAsync(status, code, () => existing.GetPropertiesAsync(cancellationToken: ct));
        await AssertFailsAsync(status, code, () => fresh.UploadAsync(BinaryData.FromString("new"), ct));
        await AssertFailsAsync(status, code, () => existing.UploadAsync(BinaryData.FromString("overwritten"), overwrite: true, ct));
        await AssertFailsAsync(status, code, () => client.GetBlockBlobClient("fresh.txt").StageBlockAsync("AAAA", new MemoryStream([1, 2, 3]), cancellationToken: ct));
        await AssertFailsAsync(status, code, () => client.GetBlockBlobClient("fresh.txt").CommitBlockListAsync(["AAAA"], cancellationToken: ct));
        await AssertFailsAsync(status, code, () => existing.DeleteAsync(cancellationToken: ct));

        Assert.Equal(before, BlobTestSupport.Snapshot(region));
    }

    /// <summary>Runs the call and checks it failed with the status and (unless null, as for HEAD) the error code.</summary>
    private static async Task AssertFailsAsync(int status, string? code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(call);
        Assert.Equal(status, error.Status);
        if (code is not null)
        {
            Assert.Equal(code, error.ErrorCode);
        }
    }

    private static string QueryValue(string url, string name) => HttpUtility.ParseQueryString(new Uri(url).Query)[name]!;

    private static string WithQueryValue(string url, string name, string value)
    {
        var uri = new Uri(url);
        var query = HttpUtility.ParseQueryString(uri.Query);
        query[name] = value;
        return new UriBuilder(uri) { Query = query.ToString() }.Uri.ToString();
    }
}
