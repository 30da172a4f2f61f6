using System.Security.Cryptography;
using Meridian.Cli.Assets;
using Meridian.Cli.Client;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.Commands;

/// <summary>Needs <c>listContainerSas</c> and the blob endpoint (issue #2, other helpers' branches).</summary>
public sealed class UploadCommandTests
{
    [Fact]
    public async Task Upload_NewAsset_CreatesItAndStoresEveryFileByteForByte()
    {
        await using var region = await LocalRegion.StartAsync();
        using var files = new TempDirectory();
        var video = Path.Combine(files.Path, "clip.mp4");
        var videoBytes = RandomNumberGenerator.GetBytes((3 * 1024 * 1024) + 17);
        File.WriteAllBytes(video, videoBytes);
        var subtitles = Path.Combine(files.Path, "subs.vtt");
        File.WriteAllText(subtitles, "WEBVTT\n");

        var result = await region.RunAsync("asset", "upload", "movie", video, subtitles);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Created asset movie.", result.Out, StringComparison.Ordinal);
        Assert.Contains("Uploaded 2 file(s) to asset movie.", result.Out, StringComparison.Ordinal);

        var listed = await region.RunAsync("asset", "files", "movie");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Matches(@"clip\.mp4\s+\S\s+3145745\s+\S\s+video/mp4", listed.Out);
        Assert.Matches(@"subs\.vtt\s+\S\s+7\s+\S\s+text/vtt", listed.Out);

        using var client = new ControlPlaneClient(region.Connection);
        var container = await AssetContainers.OpenAsync(client, "movie", "Read", TimeProvider.System, TestContext.Current.CancellationToken);
        var stored = await container.GetBlobClient("clip.mp4").DownloadContentAsync(TestContext.Current.CancellationToken);
        Assert.Equal(videoBytes, stored.Value.Content.ToArray());
    }

    [Fact]
    public async Task Files_EmptyAsset_SaysSo()
    {
        await using var region = await LocalRegion.StartAsync();
        await region.RunAsync("asset", "create", "empty");

        var listed = await region.RunAsync("asset", "files", "empty");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal("Asset empty has no files.", listed.Out.Trim());
    }
}
