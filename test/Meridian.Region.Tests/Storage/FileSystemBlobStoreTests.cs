using System.Security.Cryptography;
using System.Text;
using Meridian.Region.Hosting;
using Meridian.Region.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Region.Tests.Storage;

/// <summary>The filesystem store on its own: atomic writes, staged blocks, conditions, listing, and names.</summary>
public sealed class FileSystemBlobStoreTests : IDisposable
{
    private const string Container = "asset-test";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "meridian-store-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly FileSystemBlobStore _store;

    public FileSystemBlobStoreTests()
    {
        _store = NewStore();
        _store.CreateContainer(Container);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task WriteAsync_ThenOpenRead_ReturnsContentAndProperties()
    {
        var content = Encoding.UTF8.GetBytes("hello, blob");
        var written = await _store.WriteAsync(Container, "dir/hello.txt", new MemoryStream(content), new BlobWriteOptions
        {
            Content = new BlobContentProperties { ContentType = "text/plain" },
            Metadata = new Dictionary<string, string> { ["Author"] = "test" },
        }, Ct);

        Assert.Equal(content.Length, written.Length);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(content)), written.Content.ContentMd5);
        Assert.Equal(_clock.GetUtcNow(), written.LastModified);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_store.Root, Container, "dir", "hello.txt"), Ct));

        using var handle = _store.OpenRead(Container, "dir/hello.txt")!;
        AssertSame(written, handle.Info);
        Assert.Equal("test", handle.Info.Metadata["author"]);
        var middle = new byte[4];
        Assert.Equal(4, await handle.ReadAsync(7, middle, Ct));
        Assert.Equal("blob", Encoding.UTF8.GetString(middle));
        Assert.Equal(written.ETag, _store.GetInfo(Container, "dir/hello.txt")!.ETag);
    }

    [Fact]
    public async Task ContainerVersion_MovesWithEveryWriteAndDelete_EvenWhenTheDirectoryTimeDoesNot()
    {
        // A file system with coarse timestamps: every change lands on the same directory time.
        var dir = Path.Combine(_store.Root, Container);
        var frozen = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Directory.SetLastWriteTimeUtc(dir, frozen);
        var seen = new HashSet<string> { _store.ContainerVersion(Container)! };
        async Task ChangeAsync(Func<Task> change)
        {
            await change();
            Directory.SetLastWriteTimeUtc(dir, frozen);
            Assert.True(seen.Add(_store.ContainerVersion(Container)!), "the version did not move");
        }

        await ChangeAsync(() => _store.WriteAsync(Container, "a.ism", new MemoryStream([1]), new BlobWriteOptions(), Ct));
        await ChangeAsync(() => _store.WriteAsync(Container, "a.ism", new MemoryStream([2]), new BlobWriteOptions(), Ct));
        await ChangeAsync(() => Task.FromResult(_store.DeleteBlob(Container, "a.ism")));
        Assert.Null(_store.ContainerVersion("no-such-container"));

        // Another process (or a restart) changing the directory is still seen through its time.
        var before = _store.ContainerVersion(Container);
        await File.WriteAllBytesAsync(Path.Combine(dir, "outside.bin"), [3], Ct);
        Directory.SetLastWriteTimeUtc(dir, frozen.AddSeconds(1));
        Assert.NotEqual(before, _store.ContainerVersion(Container));
    }

    [Fact]
    public async Task OpenRead_KeepsTheVersionItOpened_WhileTheBlobIsReplaced()
    {
        await _store.WriteAsync(Container, "v.bin", new MemoryStream([1, 1, 1]), new BlobWriteOptions(), Ct);
        using var old = _store.OpenRead(Container, "v.bin")!;

        var replaced = await _store.WriteAsync(Container, "v.bin", new MemoryStream([2, 2, 2, 2]), new BlobWriteOptions(), Ct);

        var buffer = new byte[8];
        Assert.Equal(3, await old.ReadAsync(0, buffer, Ct));
        Assert.Equal([1, 1, 1], buffer[..3]);
        Assert.NotEqual(old.Info.ETag, replaced.ETag);
        using var current = _store.OpenRead(Container, "v.bin")!;
        Assert.Equal(4, current.Length);
        Assert.Equal(replaced.ETag, current.Info.ETag);
    }

    [Fact]
    public async Task OpenContent_ReadsTheBytes_AndDescribesThemWhenAsked()
    {
        var content = Encoding.UTF8.GetBytes("hello, content");
        var written = await _store.WriteAsync(Container, "dir/c.txt", new MemoryStream(content), new BlobWriteOptions
        {
            Content = new BlobContentProperties { ContentType = "text/plain" },
            Metadata = new Dictionary<string, string> { ["Author"] = "test" },
        }, Ct);

        using (var handle = _store.OpenContent(Container, "dir/c.txt")!)
        {
            Assert.Equal(content.Length, handle.Length);
            var read = new byte[content.Length];
            Assert.Equal(content.Length, await handle.ReadAsync(0, read, Ct));
            Assert.Equal(content, read);
            AssertSame(written, handle.Info);
            Assert.Same(handle.Info, handle.Info);
        }

        // Replaced after the open: still the opened bytes, and properties of those bytes only (the new sidecar is not theirs).
        using var old = _store.OpenContent(Container, "dir/c.txt")!;
        var replaced = await _store.WriteAsync(Container, "dir/c.txt", new MemoryStream([7, 7]), new BlobWriteOptions(), Ct);
        var buffer = new byte[64];
        Assert.Equal(content.Length, await old.ReadAsync(0, buffer, Ct));
        Assert.Equal(content, buffer[..content.Length]);
        Assert.Equal(content.Length, old.Info.Length);
        Assert.NotEqual(replaced.ETag, old.Info.ETag);
        Assert.Null(old.Info.Content.ContentMd5);

        Assert.Null(_store.OpenContent(Container, "missing.bin"));
        Assert.Null(_store.OpenContent(Container, "dir"));
        Assert.Equal(400, Assert.Throws<BlobStorageException>(() => _store.OpenContent(Container, "../escape")).Status);
        Assert.Equal(404, Assert.Throws<BlobStorageException>(() => _store.OpenContent("nosuchcontainer", "dir/c.txt")).Status);
    }

    [Fact]
    public async Task ConcurrentWritesAndReads_ReadersSeeWholeVersionsWithTheirOwnProperties()
    {
        var versions = Enumerable.Range(1, 8).Select(v => Enumerable.Repeat((byte)v, 64 * 1024 * v).ToArray()).ToArray();
        await _store.WriteAsync(Container, "hot.bin", new MemoryStream(versions[0]), new BlobWriteOptions(), Ct);

        var writers = versions.Select(v => Task.Run(() => _store.WriteAsync(Container, "hot.bin", new MemoryStream(v), new BlobWriteOptions(), Ct), Ct));
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                using var handle = _store.OpenRead(Container, "hot.bin")!;
                var content = new byte[handle.Length];
                var read = 0;
                while (read < content.Length)
                {
                    read += await handle.ReadAsync(read, content.AsMemory(read), Ct);
                }

                Assert.Contains(versions, v => v.AsSpan().SequenceEqual(content));
                Assert.Equal(Convert.ToBase64String(MD5.HashData(content)), handle.Info.Content.ContentMd5);
            }
        }, Ct));

        await Task.WhenAll(writers.Cast<Task>().Concat(readers));
        var final = _store.GetInfo(Container, "hot.bin")!;
        Assert.Equal(Convert.ToBase64String(MD5.HashData(await File.ReadAllBytesAsync(Path.Combine(_store.Root, Container, "hot.bin"), Ct))),
            final.Content.ContentMd5);
    }

    [Fact]
    public async Task WriteAsync_SourceFailsMidway_LeavesOldBlobAndNoTemporaryFile()
    {
        var original = await _store.WriteAsync(Container, "stable.bin", new MemoryStream([9, 9, 9]), new BlobWriteOptions(), Ct);

        await Assert.ThrowsAsync<IOException>(() => _store.WriteAsync(Container, "stable.bin", new FailingStream(600 * 1024), new BlobWriteOptions(), Ct));
        await Assert.ThrowsAsync<IOException>(() => _store.WriteAsync(Container, "new.bin", new FailingStream(600 * 1024), new BlobWriteOptions(), Ct));

        AssertSame(original, _store.GetInfo(Container, "stable.bin"));
        Assert.Equal([9, 9, 9], await File.ReadAllBytesAsync(Path.Combine(_store.Root, Container, "stable.bin"), Ct));
        Assert.Null(_store.GetInfo(Container, "new.bin"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_store.Root, ".tmp")));
    }

    [Fact]
    public async Task WriteAsync_TooLargeOrWrongMd5_Refused()
    {
        var tooLarge = await Assert.ThrowsAsync<BlobStorageException>(() =>
            _store.WriteAsync(Container, "big.bin", new MemoryStream(new byte[1000]), new BlobWriteOptions { MaxLength = 999 }, Ct));
        Assert.Equal((413, "RequestBodyTooLarge"), (tooLarge.Status, tooLarge.Code));

        var mismatch = await Assert.ThrowsAsync<BlobStorageException>(() => _store.WriteAsync(Container, "md5.bin", new MemoryStream([1, 2]),
            new BlobWriteOptions { ExpectedMd5 = Convert.ToBase64String(MD5.HashData(new byte[] { 1, 3 })) }, Ct));
        Assert.Equal((400, "Md5Mismatch"), (mismatch.Status, mismatch.Code));

        Assert.Null(_store.GetInfo(Container, "big.bin"));
        Assert.Null(_store.GetInfo(Container, "md5.bin"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_store.Root, ".tmp")));
    }

    [Fact]
    public async Task WriteAsync_Conditions_CheckedAgainstCurrentBlob()
    {
        var first = await _store.WriteAsync(Container, "c.bin", new MemoryStream([1]), new BlobWriteOptions(), Ct);

        var exists = await Assert.ThrowsAsync<BlobStorageException>(() => _store.WriteAsync(Container, "c.bin", new MemoryStream([2]),
            new BlobWriteOptions { Conditions = new BlobConditions { IfNoneMatch = "*" } }, Ct));
        Assert.Equal((409, "BlobAlreadyExists"), (exists.Status, exists.Code));

        var stale = await Assert.ThrowsAsync<BlobStorageException>(() => _store.WriteAsync(Container, "c.bin", new MemoryStream([2]),
            new BlobWriteOptions { Conditions = new BlobConditions { IfMatch = "\"0xSTALE\"" } }, Ct));
        Assert.Equal((412, "ConditionNotMet"), (stale.Status, stale.Code));

        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await _store.WriteAsync(Container, "c.bin", new MemoryStream([3]),
            new BlobWriteOptions { Conditions = new BlobConditions { IfMatch = first.ETag } }, Ct);
        Assert.Equal(first.Created, second.Created);
        Assert.Equal(_clock.GetUtcNow(), second.LastModified);
        Assert.False(_store.DeleteBlob(Container, "missing.bin"));
        Assert.Throws<BlobStorageException>(() => _store.DeleteBlob(Container, "c.bin", new BlobConditions { IfMatch = first.ETag }));
        Assert.True(_store.DeleteBlob(Container, "c.bin", new BlobConditions { IfMatch = second.ETag }));
    }

    [Fact]
    public async Task StageAndCommit_AssemblesBlocksInListOrder()
    {
        await _store.StageBlockAsync(Container, "b.bin", "QUFB", new MemoryStream([1, 1]), 100, null, Ct);
        await _store.StageBlockAsync(Container, "b.bin", "QkJC", new MemoryStream([2, 2, 2]), 100, null, Ct);
        await _store.StageBlockAsync(Container, "b.bin", "QUFB", new MemoryStream([3]), 100, null, Ct);
        Assert.Null(_store.GetInfo(Container, "b.bin"));

        var info = await _store.CommitBlockListAsync(Container, "b.bin", ["QkJC", "QUFB"], new BlobWriteOptions(), Ct);

        Assert.Equal(4, info.Length);
        Assert.Equal([2, 2, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_store.Root, Container, "b.bin"), Ct));
        Assert.Equal(Convert.ToBase64String(MD5.HashData(new byte[] { 2, 2, 2, 3 })), info.Content.ContentMd5);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_store.Root, ".staging", Container)));

        // Committing discards the staged blocks, as in Azure.
        var again = await Assert.ThrowsAsync<BlobStorageException>(() => _store.CommitBlockListAsync(Container, "b.bin", ["QUFB"], new BlobWriteOptions(), Ct));
        Assert.Equal((400, "InvalidBlockList"), (again.Status, again.Code));
    }

    [Fact]
    public async Task Commit_WithUnstagedBlock_ChangesNothing()
    {
        var original = await _store.WriteAsync(Container, "b.bin", new MemoryStream([7]), new BlobWriteOptions(), Ct);
        await _store.StageBlockAsync(Container, "b.bin", "QUFB", new MemoryStream([1]), 100, null, Ct);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            _store.CommitBlockListAsync(Container, "b.bin", ["QUFB", "Wlpa"], new BlobWriteOptions(), Ct));

        Assert.Equal("InvalidBlockList", error.Code);
        AssertSame(original, _store.GetInfo(Container, "b.bin"));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_store.Root, ".staging", Container), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB")]
    public async Task StageBlock_InvalidBlockId_Refused(string blockId)
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            _store.StageBlockAsync(Container, "b.bin", blockId, new MemoryStream([1]), 100, null, Ct));

        Assert.Equal((400, "InvalidBlockId"), (error.Status, error.Code));
    }

    [Fact]
    public async Task BlobAndPrefixOfTheSameName_Conflict()
    {
        await _store.WriteAsync(Container, "a", new MemoryStream([1]), new BlobWriteOptions(), Ct);
        await _store.WriteAsync(Container, "d/x", new MemoryStream([1]), new BlobWriteOptions(), Ct);

        var under = await Assert.ThrowsAsync<BlobStorageException>(() => _store.WriteAsync(Container, "a/b", new MemoryStream([2]), new BlobWriteOptions(), Ct));
        var over = await Assert.ThrowsAsync<BlobStorageException>(() => _store.WriteAsync(Container, "d", new MemoryStream([2]), new BlobWriteOptions(), Ct));

        Assert.Equal((409, "PathConflict"), (under.Status, under.Code));
        Assert.Equal((409, "PathConflict"), (over.Status, over.Code));
        Assert.Null(_store.OpenRead(Container, "d"));
        Assert.Null(_store.OpenRead(Container, "a/b"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_store.Root, ".tmp")));
    }

    [Fact]
    public async Task List_PrefixDelimiterAndMarker()
    {
        foreach (var name in new[] { "z", "a/1", "a/2", "a/b/3", "ab", "b/1" })
        {
            await _store.WriteAsync(Container, name, new MemoryStream([1]), new BlobWriteOptions(), Ct);
        }

        Assert.Equal(["a/1", "a/2", "a/b/3", "ab", "b/1", "z"], Names(_store.List(Container, new BlobListOptions())));
        Assert.Equal(["a/1", "a/2", "a/b/3"], Names(_store.List(Container, new BlobListOptions { Prefix = "a/" })));
        Assert.Equal(["a/", "ab", "b/", "z"], Names(_store.List(Container, new BlobListOptions { Delimiter = "/" })));
        Assert.Equal(["a/1", "a/2", "a/b/"], Names(_store.List(Container, new BlobListOptions { Prefix = "a/", Delimiter = "/" })));
        Assert.Empty(_store.List(Container, new BlobListOptions { Prefix = "../" }).Entries);

        var pages = new List<string[]>();
        string? marker = null;
        do
        {
            var page = _store.List(Container, new BlobListOptions { Delimiter = "/", MaxResults = 2, Marker = marker });
            pages.Add(Names(page));
            marker = page.NextMarker;
        }
        while (marker is not null);

        Assert.Equal([["a/", "ab"], ["b/", "z"]], pages);
    }

    [Fact]
    public async Task WritesRacingAContainerDelete_NeverBringTheContainerBack()
    {
        // A write that found the container, then created its directories after a delete renamed them away, once left
        // an orphan container (with data) for the next asset taking the name.
        for (var round = 0; round < 40; round++)
        {
            var container = $"race-{round}";
            _store.CreateContainer(container);
            var writes = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
            {
                try
                {
                    await _store.WriteAsync(container, $"d{i}/e/blob.bin", new MemoryStream([1, 2, 3]), new BlobWriteOptions(), Ct);
                    await _store.StageBlockAsync(container, $"s{i}/blob.bin", "QUFB", new MemoryStream([1]), 100, null, Ct);
                }
                catch (BlobStorageException ex) when (ex.Status == 404)
                {
                    // The container went first: refused, as it should be.
                }
            })).ToList();
            await Task.Delay(round % 3, Ct);
            await _store.DeleteContainerAsync(container, Ct);
            await Task.WhenAll(writes);

            Assert.False(Directory.Exists(Path.Combine(_store.Root, container)), $"round {round}: the container came back");
            Assert.False(Directory.Exists(Path.Combine(_store.Root, ".meta", container)), $"round {round}: its metadata came back");
            Assert.False(Directory.Exists(Path.Combine(_store.Root, ".staging", container)), $"round {round}: its staged blocks came back");
        }
    }

    [Fact]
    public async Task Delete_RemovesBlobSidecarStagingAndEmptyDirectories()
    {
        await _store.WriteAsync(Container, "deep/er/file.bin", new MemoryStream([1]), new BlobWriteOptions(), Ct);
        await _store.StageBlockAsync(Container, "deep/er/file.bin", "QUFB", new MemoryStream([1]), 100, null, Ct);

        Assert.True(_store.DeleteBlob(Container, "deep/er/file.bin"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_store.Root, Container)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_store.Root, ".meta"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_store.Root, ".staging"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task StaleSidecar_IsIgnored()
    {
        var written = await _store.WriteAsync(Container, "s.bin", new MemoryStream([1, 2, 3]), new BlobWriteOptions
        {
            Content = new BlobContentProperties { ContentType = "video/mp4" },
        }, Ct);

        // As if the region stopped between the two renames of a commit: new content, old sidecar.
        await File.WriteAllBytesAsync(Path.Combine(_store.Root, Container, "s.bin"), [4, 5, 6, 7], Ct);

        var info = _store.GetInfo(Container, "s.bin")!;
        Assert.Equal(4, info.Length);
        Assert.NotEqual(written.ETag, info.ETag);
        Assert.Null(info.Content.ContentType);
        Assert.Null(info.Content.ContentMd5);
    }

    [Fact]
    public async Task Store_RefusesBadNamesAndMissingContainers()
    {
        foreach (var name in new[] { "../x", "a/../../x", "/abs", "a\\b", "" })
        {
            var error = await Assert.ThrowsAsync<BlobStorageException>(() => _store.WriteAsync(Container, name, new MemoryStream([1]), new BlobWriteOptions(), Ct));
            Assert.Equal(400, error.Status);
            Assert.Throws<BlobStorageException>(() => _store.OpenRead(Container, name));
        }

        var missing = await Assert.ThrowsAsync<BlobStorageException>(() => _store.WriteAsync("no-such-container", "x", new MemoryStream([1]), new BlobWriteOptions(), Ct));
        Assert.Equal((404, "ContainerNotFound"), (missing.Status, missing.Code));
        var invalid = Assert.Throws<BlobStorageException>(() => _store.GetInfo("..", "x"));
        Assert.Equal(400, invalid.Status);
        Assert.Equal([Container], Directory.EnumerateDirectories(_store.Root).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')));
    }

    [Fact]
    public async Task Restart_ClearsTemporaryFilesAndAbandonedBlocks()
    {
        await _store.StageBlockAsync(Container, "old.bin", "QUFB", new MemoryStream([1]), 100, null, Ct);
        await _store.StageBlockAsync(Container, "recent.bin", "QUFB", new MemoryStream([1]), 100, null, Ct);
        var stagingDirs = Directory.GetDirectories(Path.Combine(_store.Root, ".staging", Container));
        var oldDir = stagingDirs.Single(d => Directory.GetFiles(d).Length == 1 && IsStagingOf(d, "old.bin"));
        Directory.SetLastWriteTimeUtc(oldDir, _clock.GetUtcNow().UtcDateTime.AddDays(-8));
        Directory.SetLastWriteTimeUtc(stagingDirs.Single(d => d != oldDir), _clock.GetUtcNow().UtcDateTime.AddDays(-1));
        await File.WriteAllTextAsync(Path.Combine(_store.Root, ".tmp", "half-written"), "x", Ct);

        _ = NewStore();

        Assert.False(Directory.Exists(oldDir));
        Assert.Single(Directory.GetDirectories(Path.Combine(_store.Root, ".staging", Container)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_store.Root, ".tmp")));
    }

    private static bool IsStagingOf(string dir, string name) =>
        Path.GetFileName(dir) == Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private FileSystemBlobStore NewStore() => new(new RegionContext(new RegionOptions { Name = "region-1", DataDirectory = _data }), _clock);

    /// <summary>Equal properties; records compare their metadata dictionaries by reference, so compare those by content.</summary>
    private static void AssertSame(BlobInfo expected, BlobInfo? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual with { Metadata = expected.Metadata });
        Assert.Equal(expected.Metadata.OrderBy(m => m.Key), actual.Metadata.OrderBy(m => m.Key));
    }

    private static string[] Names(BlobListPage page) => [.. page.Entries.Select(e => e.Name)];

    /// <summary>Yields zeros, then fails, like a client connection that drops mid-upload.</summary>
    private sealed class FailingStream(int failAfter) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("The connection was reset.");
            }

            var n = Math.Min(count, failAfter - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
