using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Meridian.Region.Storage.Endpoint;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.Storage;

/// <summary>The official Azure.Storage.Blobs client against a real region, given only a listContainerSas URL.</summary>
public sealed class BlobEndpointSdkTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Upload_20MBInBlocks_ListsDownloadsRangeReadsAndDeletes()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "big");
        var requests = new List<string>();
        var client = BlobTestSupport.Client(sasUrl, requests);
        var blob = client.GetBlobClient("video/big.mp4");
        var data = BlobTestSupport.RandomBytes(20 * 1000 * 1000, seed: 1);
        var ct = TestContext.Current.CancellationToken;

        var uploaded = await blob.UploadAsync(new BinaryData(data), new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions { InitialTransferSize = 4 * MiB, MaximumTransferSize = 4 * MiB, MaximumConcurrency = 2 },
        }, ct);

        Assert.Equal(5, requests.Count(r => r.Contains("comp=block&", StringComparison.Ordinal)));
        Assert.Single(requests, r => r.Contains("comp=blocklist", StringComparison.Ordinal));
        Assert.Equal(data, await File.ReadAllBytesAsync(BlobTestSupport.BlobFile(region, container, "video/big.mp4"), ct));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(region.DataDirectory, "blobs", ".staging"), "*", SearchOption.AllDirectories));

        var listed = new List<BlobItem>();
        await foreach (var item in client.GetBlobsAsync(new GetBlobsOptions(), ct))
        {
            listed.Add(item);
        }

        var only = Assert.Single(listed);
        Assert.Equal("video/big.mp4", only.Name);
        Assert.Equal(data.Length, only.Properties.ContentLength);
        Assert.Equal(BlobType.Block, only.Properties.BlobType);

        // As in Azure, listings carry the entity tag without the quotes of the ETag header.
        Assert.Equal(uploaded.Value.ETag.ToString().Trim('"'), only.Properties.ETag.ToString());

        var whole = await blob.DownloadContentAsync(ct);
        Assert.Equal(data, whole.Value.Content.ToArray());
        Assert.Equal(MD5.HashData(data), whole.Value.Details.ContentHash);

        using (var target = new MemoryStream())
        {
            // DownloadTo reads in ranges with If-Match on the first response's ETag.
            await blob.DownloadToAsync(target, new BlobDownloadToOptions
            {
                TransferOptions = new StorageTransferOptions { InitialTransferSize = 3 * MiB, MaximumTransferSize = 3 * MiB },
            }, ct);
            Assert.Equal(data, target.ToArray());
        }

        var range = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(5_000_001, 1_000_000) }, ct);
        using (var rangeBody = new MemoryStream())
        {
            await range.Value.Content.CopyToAsync(rangeBody, ct);
            Assert.Equal(206, range.GetRawResponse().Status);
            Assert.Equal($"bytes 5000001-6000000/{data.Length}", range.Value.Details.ContentRange);
            Assert.Equal(data.AsSpan(5_000_001, 1_000_000).ToArray(), rangeBody.ToArray());
        }

        var properties = await blob.GetPropertiesAsync(cancellationToken: ct);
        Assert.Equal(data.Length, properties.Value.ContentLength);
        Assert.Equal(BlobType.Block, properties.Value.BlobType);
        Assert.Equal(uploaded.Value.ETag, properties.Value.ETag);
        Assert.Equal("application/octet-stream", properties.Value.ContentType);
        Assert.Equal(MD5.HashData(data), properties.Value.ContentHash);

        Assert.Equal(202, (await blob.DeleteAsync(cancellationToken: ct)).Status);
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetPropertiesAsync(cancellationToken: ct));
        Assert.Equal(404, missing.Status);
        Assert.Equal("BlobNotFound", missing.ErrorCode);
        Assert.False(File.Exists(BlobTestSupport.BlobFile(region, container, "video/big.mp4")));
        Assert.False(Directory.Exists(Path.Combine(region.DataDirectory, "blobs", container, "video")));
    }

    [Fact]
    public async Task Upload_SmallBlobInOneRequest_ThenOverwrite()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (container, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "small");
        var requests = new List<string>();
        var blob = BlobTestSupport.Client(sasUrl, requests).GetBlobClient("manifest.ism");
        var ct = TestContext.Current.CancellationToken;

        var first = await blob.UploadAsync(BinaryData.FromString("<smil>first</smil>"), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/vnd.ms-sstr+xml", CacheControl = "max-age=60" },
            Metadata = new Dictionary<string, string> { ["origin"] = "test" },
        }, ct);

        Assert.Equal(["PUT "], requests.Select(r => r[..r.IndexOf('?', StringComparison.Ordinal)]));
        Assert.DoesNotContain("comp=", requests[0], StringComparison.Ordinal);
        var properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        Assert.Equal("application/vnd.ms-sstr+xml", properties.ContentType);
        Assert.Equal("max-age=60", properties.CacheControl);
        Assert.Equal("test", properties.Metadata["origin"]);
        Assert.Equal(MD5.HashData("<smil>first</smil>"u8), properties.ContentHash);
        Assert.Equal(first.Value.ETag, properties.ETag);

        var conflict = await Assert.ThrowsAsync<RequestFailedException>(
            () => blob.UploadAsync(BinaryData.FromString("not allowed"), overwrite: false, ct));
        Assert.Equal(409, conflict.Status);
        Assert.Equal("BlobAlreadyExists", conflict.ErrorCode);

        var second = await blob.UploadAsync(BinaryData.FromString("<smil>second</smil>"), overwrite: true, ct);
        Assert.NotEqual(first.Value.ETag, second.Value.ETag);
        Assert.Equal("<smil>second</smil>", (await blob.DownloadContentAsync(ct)).Value.Content.ToString());
        Assert.Equal("<smil>second</smil>", await File.ReadAllTextAsync(BlobTestSupport.BlobFile(region, container, "manifest.ism"), ct));

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(BinaryData.FromString("x"),
            new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = first.Value.ETag } }, ct));
        Assert.Equal(412, stale.Status);
        Assert.Equal("ConditionNotMet", stale.ErrorCode);

        var staleRead = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadContentAsync(
            new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = first.Value.ETag } }, ct));
        Assert.Equal(412, staleRead.Status);
        Assert.Equal("ConditionNotMet", staleRead.ErrorCode);
        var notModified = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetPropertiesAsync(
            new BlobRequestConditions { IfNoneMatch = second.Value.ETag }, ct));
        Assert.Equal(304, notModified.Status);
    }

    [Fact]
    public async Task Upload_EmptyBlob_DownloadsEmpty()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "empty");
        var blob = BlobTestSupport.Client(sasUrl).GetBlobClient("empty.bin");
        var ct = TestContext.Current.CancellationToken;

        await blob.UploadAsync(new BinaryData([]), ct);

        // The SDK asks for a range first; a 416 InvalidRange on an empty blob makes it fetch without one.
        Assert.Empty((await blob.DownloadContentAsync(ct)).Value.Content.ToArray());
        using var target = new MemoryStream();
        await blob.DownloadToAsync(target, ct);
        Assert.Equal(0, target.Length);
        Assert.Equal(0, (await blob.GetPropertiesAsync(cancellationToken: ct)).Value.ContentLength);
    }

    [Fact]
    public async Task List_PrefixAndPaging_ReturnsOrderedPagesWithMarkers()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "many");
        var client = BlobTestSupport.Client(sasUrl);
        var ct = TestContext.Current.CancellationToken;
        string[] names = ["d.txt", "a/2.ts", "b/1.ts", "a/1.ts", "c.txt", "a/3.ts", "b/2.ts"];
        foreach (var name in names)
        {
            await client.GetBlobClient(name).UploadAsync(BinaryData.FromString(name), ct);
        }

        var prefixed = new List<List<string>>();
        await foreach (var page in client.GetBlobsAsync(new GetBlobsOptions { Prefix = "a/" }, ct).AsPages(pageSizeHint: 2))
        {
            prefixed.Add([.. page.Values.Select(b => b.Name)]);
        }

        Assert.Equal([["a/1.ts", "a/2.ts"], ["a/3.ts"]], prefixed);

        var all = new List<List<string>>();
        await foreach (var page in client.GetBlobsAsync(new GetBlobsOptions(), ct).AsPages(pageSizeHint: 3))
        {
            all.Add([.. page.Values.Select(b => b.Name)]);
        }

        Assert.Equal([["a/1.ts", "a/2.ts", "a/3.ts"], ["b/1.ts", "b/2.ts", "c.txt"], ["d.txt"]], all);

        var hierarchy = new List<string>();
        await foreach (var item in client.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, ct).AsPages(pageSizeHint: 3))
        {
            hierarchy.AddRange(item.Values.Select(i => i.IsPrefix ? "prefix:" + i.Prefix : i.Blob.Name));
        }

        Assert.Equal(["prefix:a/", "prefix:b/", "c.txt", "d.txt"], hierarchy);

        var withMetadata = new List<BlobItem>();
        await foreach (var item in client.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = "c" }, ct))
        {
            withMetadata.Add(item);
        }

        Assert.Equal("c.txt", Assert.Single(withMetadata).Name);
        Assert.Equal(5, withMetadata[0].Properties.ContentLength);
    }

    [Fact]
    public async Task SetHttpHeadersAndMetadata_UpdateProperties()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "props");
        var blob = BlobTestSupport.Client(sasUrl).GetBlobClient("seg/1.m4s");
        var ct = TestContext.Current.CancellationToken;
        var uploaded = await blob.UploadAsync(BinaryData.FromString("segment"), ct);

        var headers = await blob.SetHttpHeadersAsync(new BlobHttpHeaders { ContentType = "video/iso.segment" }, cancellationToken: ct);
        await blob.SetMetadataAsync(new Dictionary<string, string> { ["track"] = "video1" }, cancellationToken: ct);

        var properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        Assert.NotEqual(uploaded.Value.ETag, headers.Value.ETag);
        Assert.Equal("video/iso.segment", properties.ContentType);
        Assert.Equal("video1", properties.Metadata["track"]);
        Assert.Equal(MD5.HashData("segment"u8), properties.ContentHash);
        Assert.True(await BlobTestSupport.Client(sasUrl).ExistsAsync(ct));
    }

    [Fact]
    public async Task PutBlob_LargerThanLimit_Returns413AndStoresNothing()
    {
        await using var region = await TestRegion.StartAsync(configureBuilder: b =>
            b.Services.AddSingleton(new BlobEndpointOptions { MaxPutBlobBytes = MiB, MaxBlockBytes = MiB }));
        await region.CreateAccountAsync();
        var (_, sasUrl) = await BlobTestSupport.AssetWithSasAsync(region, "limits");
        var client = BlobTestSupport.Client(sasUrl);
        var ct = TestContext.Current.CancellationToken;
        var before = BlobTestSupport.Snapshot(region);

        var single = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetBlobClient("too-big.bin").UploadAsync(
            new BinaryData(new byte[MiB + 1]), new BlobUploadOptions { TransferOptions = new StorageTransferOptions { InitialTransferSize = 4 * MiB } }, ct));
        Assert.Equal(413, single.Status);
        Assert.Equal("RequestBodyTooLarge", single.ErrorCode);

        var block = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetBlobClient("too-big.bin").UploadAsync(
            new BinaryData(new byte[3 * MiB]),
            new BlobUploadOptions { TransferOptions = new StorageTransferOptions { InitialTransferSize = MiB, MaximumTransferSize = 2 * MiB } }, ct));
        Assert.Equal(413, block.Status);
        Assert.False(await client.GetBlobClient("too-big.bin").ExistsAsync(ct));

        // Without a Content-Length the limit is enforced while streaming.
        var query = new Uri(sasUrl).Query;
        var chunked = await BlobTestSupport.SendRawAsync(region.Server.Addresses.Blob, "PUT", new Uri(sasUrl).AbsolutePath + "/chunked.bin" + query,
            new byte[2 * MiB], new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" }, chunked: true);
        Assert.Equal(413, chunked.Status);
        Assert.Equal("RequestBodyTooLarge", chunked.ErrorCode);
        Assert.Contains("<Code>RequestBodyTooLarge</Code>", chunked.Text, StringComparison.Ordinal);

        // Blocks that were accepted stay staged (as uncommitted blocks do in Azure); nothing else changed.
        Assert.Equal(before, Committed(BlobTestSupport.Snapshot(region)));
    }

    private static SortedDictionary<string, string> Committed(SortedDictionary<string, string> snapshot) =>
        new(snapshot.Where(f => !f.Key.StartsWith(".staging/", StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);
}
