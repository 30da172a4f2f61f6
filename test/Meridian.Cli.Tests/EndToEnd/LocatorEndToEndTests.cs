using System.Diagnostics;
using System.Globalization;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.EndToEnd;

/// <summary>
/// The publish flow through the real CLI against <c>meridian up</c>: upload, locator, streaming URLs. Needs the blob endpoint,
/// <c>listContainerSas</c> and streaming locators in the control plane (issue #2, other helpers' branches).
/// </summary>
public sealed class LocatorEndToEndTests
{
    [Fact]
    public async Task Up_UploadAndPublish_PathsAreOnTheFirstRegionsStreamingEndpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var clip = Path.Combine(data.Path, "clip.mp4");
        await MakeClipAsync(clip, ct);
        var basePort = FreePorts.FindBase();
        await using var up = UpProcess.Start(data.Path, basePort);
        await up.WaitForUpFileAsync(ct);

        var upload = await CliProcess.RunAsync(["asset", "upload", "a1", clip, "--data", data.Path], ct);
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var files = await CliProcess.RunAsync(["asset", "files", "a1", "--data", data.Path], ct);
        Assert.Matches($@"clip\.mp4\s+\S\s+{new FileInfo(clip).Length}\s", files.Out);

        var id = Guid.NewGuid().ToString();
        var locator = await CliProcess.RunAsync(["locator", "create", "l1", "--asset", "a1", "--locator-id", id, "--data", data.Path], ct);
        Assert.True(locator.ExitCode == 0, locator.ToString());

        var list = await CliProcess.RunAsync(["locator", "list", "--data", data.Path], ct);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.Out, StringComparison.Ordinal);

        var paths = await CliProcess.RunAsync(["locator", "paths", "l1", "--data", data.Path], ct);
        Assert.True(paths.ExitCode == 0, paths.ToString());
        var streaming = $"http://127.0.1.1:{(basePort + 1).ToString(CultureInfo.InvariantCulture)}/";
        Assert.StartsWith($"Paths of locator l1 on {streaming}", paths.Out, StringComparison.Ordinal);
        Assert.Matches($@"{Regex(streaming)}{id}/\S+/manifest\(format=m3u8-aapl\)", paths.Out);

        up.Interrupt();
        Assert.Equal(0, await up.WaitForExitAsync(ct));
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    /// <summary>Two seconds of H.264 test pattern, made by ffmpeg (a prerequisite <c>./meridian</c> installs).</summary>
    private static async Task MakeClipAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-y", path,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var ffmpeg = Process.Start(start)!;
        var errors = await ffmpeg.StandardError.ReadToEndAsync(cancellationToken);
        await ffmpeg.WaitForExitAsync(cancellationToken);
        Assert.True(ffmpeg.ExitCode == 0, errors);
    }
}
