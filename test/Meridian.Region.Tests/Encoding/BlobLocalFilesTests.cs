using System.Security.Cryptography;
using Meridian.Region.Hosting;
using Meridian.Region.Storage;

namespace Meridian.Region.Tests.Encoder;

/// <summary>
/// How the encoder reaches the blob store without copying bytes: a job input is a hard link that keeps the version it was
/// made from, and an output file is moved in with the same atomic commit, MD5 and metadata as any other write.
/// </summary>
public sealed class BlobLocalFilesTests : IDisposable
{
    private const string Container = "asset-local";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "meridian-local-" + Guid.NewGuid().ToString("N"));
    private readonly string _work;
    private readonly FileSystemBlobStore _store;

    public BlobLocalFilesTests()
    {
        _store = new FileSystemBlobStore(new RegionContext(new RegionOptions { Name = "region-1", DataDirectory = _data }), TimeProvider.System);
        _store.CreateContainer(Container);
        _work = Path.Combine(_data, "encoding-tmp", "job");
        Directory.CreateDirectory(_work);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task TryLinkLocal_ShowsTheCommittedVersion_AndKeepsItWhenTheBlobIsReplaced()
    {
        await _store.WriteAsync(Container, "in/source.mp4", new MemoryStream([1, 2, 3]), new BlobWriteOptions(), Ct);
        var link = Path.Combine(_work, "input.mp4");

        // Through the interface, as the encoder calls it: the store's link, not the interface's "cannot" default.
        IBlobStore store = _store;
        Assert.True(store.TryLinkLocal(Container, "in/source.mp4", link));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(link, Ct));

        await _store.WriteAsync(Container, "in/source.mp4", new MemoryStream([9, 9]), new BlobWriteOptions(), Ct);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(link, Ct));

        File.Delete(link);
        using var blob = _store.OpenRead(Container, "in/source.mp4")!;
        Assert.Equal(2, blob.Length);
    }

    [Fact]
    public async Task TryLinkLocal_RefusesMissingBlobs_NamesOutsideTheContainer_AndSymbolicLinks()
    {
        var link = Path.Combine(_work, "input.mp4");
        Assert.False(_store.TryLinkLocal(Container, "missing.mp4", link));
        Assert.Throws<BlobStorageException>(() => _store.TryLinkLocal(Container, "../asset-other/x.mp4", link));
        Assert.Throws<BlobStorageException>(() => _store.TryLinkLocal(Container, "a/../../x.mp4", link));

        // A symbolic link planted in the container directory would lead out of it: it is not linked.
        var secret = Path.Combine(_data, "secret.txt");
        await File.WriteAllTextAsync(secret, "not a blob", Ct);
        File.CreateSymbolicLink(Path.Combine(_store.ContainerPath(Container), "planted.mp4"), secret);
        Assert.False(_store.TryLinkLocal(Container, "planted.mp4", link));
        Assert.False(File.Exists(link));
    }

    [Fact]
    public async Task WriteFileAsync_MovesTheFileIn_WithMd5AndMetadata()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var file = Path.Combine(_work, "clip_640x360_1000.mp4");
        await File.WriteAllBytesAsync(file, content, Ct);

        var info = await _store.WriteFileAsync(Container, "clip_640x360_1000.mp4", file, new BlobWriteOptions
        {
            Content = new BlobContentProperties { ContentType = "video/mp4" },
            Metadata = new Dictionary<string, string> { ["meridianjob"] = "abc" },
        }, Ct);

        Assert.False(File.Exists(file));
        Assert.Equal(content.Length, info.Length);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(content)), info.Content.ContentMd5);
        using var blob = _store.OpenRead(Container, "clip_640x360_1000.mp4")!;
        Assert.Equal("video/mp4", blob.Info.Content.ContentType);
        Assert.Equal("abc", blob.Info.Metadata["meridianjob"]);
        var read = new byte[content.Length];
        Assert.Equal(content.Length, blob.Read(0, read));
        Assert.Equal(content, read);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_store.Root, ".tmp")));
    }

    [Fact]
    public async Task WriteFileAsync_ThatFails_LeavesNoBlob_AndNoTemporaryFile()
    {
        var file = Path.Combine(_work, "big.mp4");
        await File.WriteAllBytesAsync(file, new byte[1000], Ct);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            _store.WriteFileAsync(Container, "big.mp4", file, new BlobWriteOptions { MaxLength = 100 }, Ct));

        Assert.Equal(413, error.Status);
        Assert.Null(_store.GetInfo(Container, "big.mp4"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_store.Root, ".tmp")));
    }
}
