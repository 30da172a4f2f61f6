using System.Diagnostics;
using System.Text.Json.Nodes;
using Meridian.Region.Tests.Players;
using static Meridian.Region.Tests.Encoder.EncodingTestSupport;

namespace Meridian.Region.Tests.Encoder;

/// <summary>Inputs over HTTP, input errors, cancel, encoder crash and region restart in the middle of an encode.</summary>
public sealed class EncodingLifecycleTests
{
    [Fact]
    public async Task JobInputHttp_FromLoopbackServer_Finishes()
    {
        var clip = await EncodingTestMedia.ClipAsync();
        await using var server = await LoopbackStaticServer.StartAsync(Path.GetDirectoryName(clip)!);
        await using var region = await StartAsync();
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AACGoodQualityAudio"));
        await JobAsync(region, "t1", "j1", new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Media.JobInputHttp",
            ["baseUri"] = server.BaseUri.ToString(),
            ["files"] = new JsonArray("clip.mp4"),
        }, "out");
        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.True(State(job) == "Finished", job.ToJsonString());
        Assert.Equal(["clip.ism", "clip_AACAudio_192.mp4", "clip_manifest.json"], Files(region, container));
        Assert.Contains(server.Requests, r => r.Path.EndsWith("/clip.mp4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JobInputHttp_TooLarge_IsContentUnsupported_AndTheQueryIsNotEchoed()
    {
        var clip = await EncodingTestMedia.ClipAsync();
        await using var server = await LoopbackStaticServer.StartAsync(Path.GetDirectoryName(clip)!);
        await using var region = await StartAsync(new Meridian.Region.Encoder.EncodingOptions { MaxInputBytes = 10_000, HttpInputsFromLoopback = true });
        await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        var created = await JobAsync(region, "t1", "j1", new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Media.JobInputHttp",
            ["baseUri"] = server.Url("clip.mp4?sig=secret").ToString(),
        }, "out");
        Assert.DoesNotContain("secret", created.ToJsonString(), StringComparison.Ordinal);
        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.Equal("Error", State(job));
        Assert.DoesNotContain("secret", job.ToJsonString(), StringComparison.Ordinal);
        var error = Output(job)["error"]!;
        Assert.Equal("ContentUnsupported", (string)error["code"]!);
        Assert.Equal("DoNotRetry", (string)error["retry"]!);
        Assert.Contains("10000 bytes", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "loopback")]
    [InlineData(true, "http://169.254.169.254/latest/clip.mp4")]
    [InlineData(true, "http://[fe80::1]/clip.mp4")]
    [InlineData(true, "http://0.0.0.0/clip.mp4")]
    public async Task JobInputHttp_FromAddressesInputsMayNotComeFrom_IsRefusedWithoutARequest(bool loopbackAllowed, string url)
    {
        var clip = await EncodingTestMedia.ClipAsync();
        await using var server = await LoopbackStaticServer.StartAsync(Path.GetDirectoryName(clip)!);
        await using var region = await StartAsync(new Meridian.Region.Encoder.EncodingOptions
        {
            Threads = 1, SpeedPreset = "ultrafast", HttpInputsFromLoopback = loopbackAllowed,
        });
        await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AACGoodQualityAudio"));
        var uri = url == "loopback" ? server.Url("clip.mp4").ToString() : url;
        await JobAsync(region, "t1", "j1", new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobInputHttp", ["baseUri"] = uri }, "out");

        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.Equal("Error", State(job));
        Assert.Equal("DownloadNotAccessible", (string)Output(job)["error"]!["code"]!);
        Assert.Contains("not fetched from", (string)Output(job)["error"]!["message"]!, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(false, "broke off")]
    [InlineData(true, "sent nothing")]
    public async Task JobInputHttp_BodyShorterThanItsContentLength_OrStalled_IsATransientDownloadError(bool stall, string message)
    {
        // A short body was once an exception the fetcher did not expect: the job was retried as if the region had
        // restarted, three times. A stalled one held the worker for the whole download timeout.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer, stop.Token);
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 100000\r\n\r\nonly-a-little"u8.ToArray(), stop.Token);
                if (stall)
                {
                    await Task.Delay(TimeSpan.FromSeconds(20), stop.Token);
                }
            }
        }, stop.Token);
        await using var region = await StartAsync(new Meridian.Region.Encoder.EncodingOptions
        {
            Threads = 1, SpeedPreset = "ultrafast", HttpInputsFromLoopback = true, DownloadIdleTimeout = TimeSpan.FromSeconds(1),
        });
        await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AACGoodQualityAudio"));
        await JobAsync(region, "t1", "j1", new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Media.JobInputHttp", ["baseUri"] = $"http://127.0.0.1:{port}/clip.mp4",
        }, "out");

        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.Equal("Error", State(job));
        Assert.Equal("DownloadTransientError", (string)Output(job)["error"]!["code"]!);
        Assert.Contains(message, (string)Output(job)["error"]!["message"]!, StringComparison.Ordinal);
        await stop.CancelAsync();
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => serving);
    }

    [Fact]
    public async Task AnInputThatIsAPlaylist_IsNotReadWithTheFilesItNames()
    {
        // An HLS playlist as input once made ffmpeg encode any local media file it named: another asset's blob, say.
        var clip = await EncodingTestMedia.ClipAsync();
        await using var region = await StartAsync();
        var playlist = $"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:3.0,\nfile://{clip}\n#EXT-X-ENDLIST\n";
        await AssetAsync(region, "in", file: await WriteTempAsync("evil.bin", playlist));
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AACGoodQualityAudio"));
        await JobAsync(region, "t1", "j1", new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobInputAsset", ["assetName"] = "in" }, "out");

        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.Equal("Error", State(job));
        Assert.Equal("ContentMalformed", (string)Output(job)["error"]!["code"]!);
        Assert.DoesNotContain(region.DataDirectory, job.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(Files(region, container));
    }

    [Theory]
    [InlineData("https://store.example/c?sv=1&sig=s", "clip.mp4", "https://store.example/c/clip.mp4?sv=1&sig=s")]
    [InlineData("https://store.example/c/", "/dir/clip.mp4", "https://store.example/c/dir/clip.mp4")]
    [InlineData("https://store.example/c?sv=1", "clip.mp4?v=2", "https://store.example/c/clip.mp4?sv=1&v=2")]
    [InlineData("", "https://store.example/c/clip.mp4?sig=s", "https://store.example/c/clip.mp4?sig=s")]
    [InlineData("https://store.example/c/clip.mp4", "", "https://store.example/c/clip.mp4")]
    public void HttpInputUrl_PutsTheFileInThePath_AndKeepsTheSasQuery(string baseUri, string file, string expected)
    {
        // AMS's SAS pattern (a container SAS as baseUri, the blob in files) once put the file after the query.
        var input = new Meridian.Region.ControlPlane.Jobs.JobInputHttp { BaseUri = baseUri, Files = file.Length > 0 ? [file] : null };
        Assert.Equal(expected, Meridian.Region.Encoder.InputFetcher.InputUri(input).AbsoluteUri);
    }

    private static async Task<string> WriteTempAsync(string name, string text)
    {
        var directory = Path.Combine(Path.GetTempPath(), "meridian-input-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await File.WriteAllTextAsync(path, text, Ct);
        return path;
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/clip.mp4")]
    [InlineData("missing")]
    public async Task JobInputHttp_Unreachable_IsDownloadNotAccessible(string url)
    {
        var clip = await EncodingTestMedia.ClipAsync();
        await using var server = await LoopbackStaticServer.StartAsync(Path.GetDirectoryName(clip)!);
        await using var region = await StartAsync();
        await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        var uri = url == "missing" ? server.Url("no-such-file.mp4").ToString() : url;
        await JobAsync(region, "t1", "j1", new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobInputHttp", ["baseUri"] = uri }, "out");
        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.Equal("Error", State(job));
        var error = Output(job)["error"]!;
        Assert.Equal("DownloadNotAccessible", (string)error["code"]!);
        Assert.Equal("Download", (string)error["category"]!);
        Assert.Equal("DoNotRetry", (string)error["retry"]!);
        Assert.Equal("Error", (string)Output(job)["state"]!);
    }

    [Fact]
    public async Task NonMediaInput_IsContentMalformed_DoNotRetry()
    {
        await using var region = await StartAsync();
        await AssetAsync(region, "in", await EncodingTestMedia.NotMediaAsync());
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.Equal("Error", State(job));
        var error = Output(job)["error"]!;
        Assert.Equal("ContentMalformed", (string)error["code"]!);
        Assert.Equal("Content", (string)error["category"]!);
        Assert.Equal("DoNotRetry", (string)error["retry"]!);
        Assert.Empty(Files(region, container));
    }

    [Fact]
    public async Task Cancel_MidEncode_KillsFfmpeg_AndLeavesNoOutput()
    {
        var runner = new RealtimeFfmpegRunner(TimeProvider.System);
        var sink = new RecordingJobEventSink();
        await using var region = await StartAsync(runner: runner, sink: sink);
        await AssetAsync(region, "in", await EncodingTestMedia.LongClipAsync());
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
        await runner.EncodeStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await WaitAsync(region, "t1", "j1", j => (int)Output(j)["progress"]! >= 5, 30);
        var pids = runner.Running.ToList();
        Assert.NotEmpty(pids);

        var (status, _) = await region.PostAsync("transforms/t1/jobs/j1/cancelJob");
        Assert.Equal(200, status);
        var job = await WaitAsync(region, "t1", "j1", IsFinal, 30);
        Assert.Equal("Canceled", State(job));
        Assert.Equal("Canceled", (string)Output(job)["state"]!);
        Assert.Empty(runner.Running);
        foreach (var pid in pids)
        {
            Assert.False(IsAlive(pid), $"ffmpeg {pid} is still running");
        }

        Assert.Empty(Files(region, container));
        var events = sink.Events.ToList();
        Assert.Contains("job Processing->Canceling", events);
        Assert.Contains("job Canceling->Canceled", events);
        Assert.DoesNotContain("job Processing->Finished", events);
    }

    [Fact]
    public async Task DeletingARunningJob_AndCreatingItAgain_RunsTheNewOne()
    {
        // The deleted job's run once finished as "Canceled" on the job that took its name, and dropped its queue entry.
        var runner = new RealtimeFfmpegRunner(TimeProvider.System);
        await using var region = await StartAsync(runner: runner);
        await AssetAsync(region, "in", await EncodingTestMedia.LongClipAsync());
        await AssetAsync(region, "out");
        await AssetAsync(region, "short", await EncodingTestMedia.ClipAsync());
        await TransformAsync(region, "t1", BuiltIn("AACGoodQualityAudio"));
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
        await runner.EncodeStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await WaitAsync(region, "t1", "j1", j => State(j) == "Processing", 30);

        Assert.Equal(200, (await region.DeleteAsync("transforms/t1/jobs/j1")).Status);
        await JobAsync(region, "t1", "j1", AssetInput("short"), "out");

        var job = await WaitAsync(region, "t1", "j1", IsFinal, 90);
        Assert.Equal("Finished", State(job));
        Assert.Equal("Finished", (string)Output(job)["state"]!);
    }

    [Fact]
    public async Task AClipStartingAfterTheInputEnds_IsAnError_NotAnUnplayableAsset()
    {
        await using var region = await StartAsync();
        await AssetAsync(region, "in", await EncodingTestMedia.ClipAsync());
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AACGoodQualityAudio"));
        var input = AssetInput("in");
        input["start"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.AbsoluteClipTime", ["time"] = "PT100S" };
        await JobAsync(region, "t1", "j1", input, "out");

        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.Equal("Error", State(job));
        Assert.Equal("ConfigurationUnsupported", (string)Output(job)["error"]!["code"]!);
        Assert.Empty(Files(region, container));
    }

    [Fact]
    public async Task EncoderCrash_IsServiceError_MayRetry()
    {
        var runner = new RealtimeFfmpegRunner(TimeProvider.System);
        await using var region = await StartAsync(runner: runner);
        await AssetAsync(region, "in", await EncodingTestMedia.LongClipAsync());
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
        await WaitAsync(region, "t1", "j1", j => (int)Output(j)["progress"]! >= 5, 30);
        foreach (var pid in runner.Running)
        {
            Process.GetProcessById(pid).Kill();
        }

        var job = await WaitAsync(region, "t1", "j1", IsFinal, 30);
        Assert.Equal("Error", State(job));
        var error = Output(job)["error"]!;
        Assert.Equal("ServiceError", (string)error["code"]!);
        Assert.Equal("Service", (string)error["category"]!);
        Assert.Equal("MayRetry", (string)error["retry"]!);
        Assert.Empty(Files(region, container));
    }

    [Fact]
    public async Task RegionRestart_MidEncode_JobStartsAgain_AndFinishesOnce()
    {
        var runner = new RealtimeFfmpegRunner(TimeProvider.System);
        var directory = Path.Combine(Path.GetTempPath(), "meridian-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var region = await StartAsync(runner: runner, dataDirectory: directory);
            await AssetAsync(region, "in", await EncodingTestMedia.LongClipAsync());
            var container = await AssetAsync(region, "out");
            await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
            await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
            await WaitAsync(region, "t1", "j1", j => (int)Output(j)["progress"]! >= 10, 30);
            var pids = runner.Running.ToList();

            await region.RestartAsync();
            foreach (var pid in pids)
            {
                Assert.False(IsAlive(pid), $"ffmpeg {pid} outlived the region");
            }

            var job = await WaitAsync(region, "t1", "j1", IsFinal, 60);
            Assert.True(State(job) == "Finished", job.ToJsonString());
            Assert.Equal(100, (int)Output(job)["progress"]!);
            var files = Files(region, container);
            Assert.Equal(4, files.Count);
            Assert.Equal(["long.ism", "long_AACAudio_128.mp4", "long_manifest.json"], files.Where(f => !f.StartsWith("long_160x90_", StringComparison.Ordinal)));
            var (status, jobs) = await region.GetAsync("transforms/t1/jobs");
            Assert.Equal(200, status);
            Assert.Single(jobs!["value"]!.AsArray());
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(directory, "encoding-tmp")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task RegionStart_RemovesWhatAKilledRunLeftInTheTemporaryDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "meridian-test-" + Guid.NewGuid().ToString("N"));
        var leftover = Path.Combine(directory, "encoding-tmp", "0123456789abcdef");
        Directory.CreateDirectory(leftover);
        await File.WriteAllTextAsync(Path.Combine(leftover, "input.mp4"), "partial", Ct);
        try
        {
            await using var region = await StartAsync(dataDirectory: directory);
            Assert.False(Directory.Exists(leftover));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
