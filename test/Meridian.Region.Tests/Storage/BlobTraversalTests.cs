using System.Text;
using Meridian.Region.Storage.Sas;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Storage;

/// <summary>
/// Names that try to leave their container, sent with a valid read-write-delete SAS over a raw socket so that no client
/// normalizes them first. Each must be refused with a 4xx, and no file may be written or read outside the container.
/// </summary>
public sealed class BlobTraversalTests
{
    /// <summary>Blob paths below <c>/{account}/{container}/</c>; <c>{m}</c> is a unique marker file name.</summary>
    public static TheoryData<string> BlobPaths => new()
    {
        "../{m}",
        "../../{m}",
        "../../../{m}",
        "%2e%2e/{m}",
        "%2E%2E%2F{m}",
        "%2e%2e%2f%2e%2e%2f{m}",
        "..%2f{m}",
        "..%2F..%2F..%2F{m}",
        "a/../../{m}",
        "a/%2e%2e/%2e%2e/{m}",
        "./{m}",
        "/tmp/{m}",
        "%2ftmp%2f{m}",
        "a//{m}",
        "a%5c..%5c..%5c{m}",
        "..%5c..%5c{m}",
        "a\\..\\..\\{m}",
        "%00{m}",
        "a%0a{m}",
        "%ff{m}",
        "%2",
        "{m}/",
    };

    /// <summary>Whole paths whose container part is not the signed container or not a container name.</summary>
    public static TheoryData<string> ContainerPaths => new()
    {
        "/{a}/../{c}/{m}",
        "/{a}/%2e%2e/{m}",
        "/{a}/..%2f..%2f{m}",
        "/{a}/{c}%2f..%2f..%2f/{m}",
        "/{a}/{c}%2f{m}",
        "/{a}/%2f{m}",
        "/{a}/.%2e/{m}",
        "/{a}/{c}/..%2f..%2f{c2}/{m}",
        "/../{a}/{c}/{m}",
        "/{a}%2f..%2f{a}/{c}/{m}",
    };

    [Theory]
    [MemberData(nameof(BlobPaths))]
    public async Task PutBlob_TraversingBlobName_Refused(string blobPath)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        await BlobTestSupport.CreateAssetAsync(region, "a2");
        var marker = $"evil-{Guid.NewGuid():N}";
        var before = BlobTestSupport.Snapshot(region);
        var target = $"/region1/{container}/{blobPath.Replace("{m}", marker, StringComparison.Ordinal)}{new Uri(sasUrl).Query}";

        var response = await BlobTestSupport.SendRawAsync(region.Server.Addresses.Blob, "PUT", target, Encoding.UTF8.GetBytes("escaped!"),
            new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" });

        Assert.InRange(response.Status, 400, 499);
        Assert.Equal(before, BlobTestSupport.Snapshot(region));
        AssertNoMarkerFile(region, marker);
    }

    [Theory]
    [MemberData(nameof(ContainerPaths))]
    public async Task PutBlob_TraversingContainer_Refused(string path)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var container2 = await BlobTestSupport.CreateAssetAsync(region, "a2");
        var marker = $"evil-{Guid.NewGuid():N}";
        var before = BlobTestSupport.Snapshot(region);
        var target = path.Replace("{a}", "region1", StringComparison.Ordinal).Replace("{c2}", container2, StringComparison.Ordinal)
            .Replace("{c}", container, StringComparison.Ordinal).Replace("{m}", marker, StringComparison.Ordinal) + new Uri(sasUrl).Query;

        var response = await BlobTestSupport.SendRawAsync(region.Server.Addresses.Blob, "PUT", target, Encoding.UTF8.GetBytes("escaped!"),
            new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" });

        Assert.InRange(response.Status, 400, 499);
        Assert.Equal(before, BlobTestSupport.Snapshot(region));
        AssertNoMarkerFile(region, marker);
    }

    [Theory]
    [InlineData("..%2f..%2f" + StorageKeys.FileName)]
    [InlineData("%2e%2e%2f%2e%2e%2f" + StorageKeys.FileName)]
    [InlineData("../../" + StorageKeys.FileName)]
    [InlineData("..%5c..%5c" + StorageKeys.FileName)]
    [InlineData("..%2f..%2fmeridian.db")]
    [InlineData("..%2f.meta")]
    [InlineData("..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("%2fetc%2fpasswd")]
    public async Task GetBlob_TraversingName_RefusedAndReadsNothing(string blobPath)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var keys = await File.ReadAllTextAsync(Path.Combine(region.DataDirectory, StorageKeys.FileName), TestContext.Current.CancellationToken);
        var target = $"/region1/{container}/{blobPath}{new Uri(sasUrl).Query}";

        foreach (var method in new[] { "GET", "HEAD", "DELETE" })
        {
            var response = await BlobTestSupport.SendRawAsync(region.Server.Addresses.Blob, method, target);

            Assert.InRange(response.Status, 400, 499);
            Assert.DoesNotContain(keys.Split('\n')[0].Split('=', 2)[1], response.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("root:", response.Text, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(region.DataDirectory, StorageKeys.FileName)));
    }

    [Theory]
    [InlineData("prefix=%01", "prefix")]
    [InlineData("prefix=a%EF%BF%BF", "prefix")]
    [InlineData("delimiter=%7F", "delimiter")]
    public async Task ListBlobs_PrefixOrDelimiterXmlCannotCarry_Is400(string argument, string parameter)
    {
        // Both are echoed in the listing; the XML writer once threw on them after the response had started.
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var list = $"/region1/{container}{new Uri(sasUrl).Query}&restype=container&comp=list";

        var refused = await BlobTestSupport.SendRawAsync(region.Server.Addresses.Blob, "GET", $"{list}&{argument}");
        var listed = await BlobTestSupport.SendRawAsync(region.Server.Addresses.Blob, "GET", $"{list}&prefix=a");

        Assert.Equal(400, refused.Status);
        Assert.Equal("InvalidQueryParameterValue", refused.ErrorCode);
        Assert.Contains(parameter, refused.Text, StringComparison.Ordinal);
        Assert.Equal(200, listed.Status);
    }

    [Theory]
    [InlineData(1025, 1)]
    [InlineData(256, 1)]
    [InlineData(100, 11)]
    public async Task PutBlob_OverlongName_Returns400(int segmentLength, int segments)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var before = BlobTestSupport.Snapshot(region);
        var name = string.Join('/', Enumerable.Repeat(new string('n', segmentLength), segments));

        var response = await BlobTestSupport.SendRawAsync(region.Server.Addresses.Blob, "PUT",
            $"/region1/{container}/{name}{new Uri(sasUrl).Query}", [1], new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" });

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidResourceName", response.ErrorCode);
        Assert.Equal(before, BlobTestSupport.Snapshot(region));
    }

    [Fact]
    public async Task SdkClient_DotDotBlobNames_NeverLeaveTheContainer()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");
        var client = BlobTestSupport.Client(sasUrl);
        var marker = $"escaped-{Guid.NewGuid():N}";
        var ct = TestContext.Current.CancellationToken;

        // The SDK resolves some of these on the client side (../x becomes x); the rest reach the server and are refused.
        string[] names = ["../{m}1", "a/../../{m}2", "..\\{m}3", "/{m}4", "..%2f{m}5", "./../{m}6"];
        var refused = 0;
        foreach (var name in names)
        {
            try
            {
                await client.GetBlobClient(name.Replace("{m}", marker, StringComparison.Ordinal)).UploadAsync(BinaryData.FromString("x"), ct);
            }
            catch (Azure.RequestFailedException error)
            {
                Assert.InRange(error.Status, 400, 499);
                refused++;
            }
        }

        Assert.True(refused > 0);
        var inside = Path.Combine(region.DataDirectory, "blobs", container) + Path.DirectorySeparatorChar;
        var found = Directory.EnumerateFiles(region.DataDirectory, marker + "*", SearchOption.AllDirectories).ToList();
        Assert.All(found, f => Assert.StartsWith(inside, f, StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetTempPath(), marker + "*"));
    }

    [Fact]
    public async Task PlainNestedName_IsStoredInsideTheContainer()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "a1");

        // Control for the theories above: the same request shape with a harmless name succeeds.
        var response = await BlobTestSupport.SendRawAsync(region.Server.Addresses.Blob, "PUT",
            $"/region1/{container}/a%2Fb/..c/.d{new Uri(sasUrl).Query}", Encoding.UTF8.GetBytes("ok"),
            new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" });

        Assert.Equal(201, response.Status);
        Assert.Equal("ok", await File.ReadAllTextAsync(BlobTestSupport.BlobFile(region, container, "a/b/..c/.d"), TestContext.Current.CancellationToken));
    }

    /// <summary>No file named <paramref name="marker"/> anywhere in the data directory, its parent, or the temp directory.</summary>
    private static void AssertNoMarkerFile(TestRegion region, string marker)
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(region.DataDirectory, "*" + marker + "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(region.DataDirectory)!, "*" + marker + "*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetTempPath(), "*" + marker + "*"));
        Assert.False(File.Exists("/" + marker));
    }
}
