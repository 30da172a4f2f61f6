using System.Diagnostics;
using System.Text.Json.Nodes;
using Meridian.Cli.Assets;
using Meridian.Cli.Client;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.EndToEnd;

/// <summary>
/// Acceptance test for crash recovery of encoding: a real <c>region serve</c> process is SIGKILLed while ffmpeg runs, started
/// again over the same data, and the job must still end once, with one clean set of output files, its events delivered
/// to the webhook in order, and no ffmpeg of the killed run left behind.
/// </summary>
public sealed class KillMidEncodeTests
{
    private const string Transform = "ladder";
    private const string JobPath = $"transforms/{Transform}/jobs/j1";

    [Fact]
    public async Task KillDashNineDuringEncode_RestartFinishesTheJobOnce_WithEventsAndNoOrphanFfmpeg()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        var data = Path.Combine(directory.Path, "region1");
        var keyFile = Path.Combine(directory.Path, "apikey");
        await File.WriteAllTextAsync(keyFile, "kill-test-key-0123456789abcdef\n", ct);
        var clip = Path.Combine(directory.Path, "clip.mp4");
        await MakeClipAsync(clip, ct);
        var ports = ServeProcess.FreeLoopbackPorts();
        await using var hook = await WebhookInbox.StartAsync();

        IReadOnlyList<int> firstRunFfmpeg;
        await using (var first = await ServeProcess.StartAsync(data, keyFile, ports, ct))
        {
            using var client = new ControlPlaneClient(first.Connection);
            await client.PutAsync(first.Connection.AccountPath, new JsonObject { ["location"] = "region1" }, ct);
            await client.PutAsync("eventSubscriptions/hook", new JsonObject
            {
                ["properties"] = new JsonObject { ["destination"] = new JsonObject { ["endpointType"] = "WebHook", ["endpointUrl"] = hook.Url.ToString() } },
            }, ct);
            await client.PutAsync("assets/src", new JsonObject { ["properties"] = new JsonObject() }, ct);
            await client.PutAsync("assets/out", new JsonObject { ["properties"] = new JsonObject() }, ct);
            var source = await AssetContainers.OpenAsync(client, "src", "ReadWrite", TimeProvider.System, ct);
            await source.UploadBlobAsync("clip.mp4", File.OpenRead(clip), ct);
            await client.PutAsync($"transforms/{Transform}", new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["outputs"] = new JsonArray(new JsonObject
                    {
                        ["preset"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.BuiltInStandardEncoderPreset", ["presetName"] = "H264MultipleBitrate720p" },
                    }),
                },
            }, ct);
            await client.PutAsync(JobPath, new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["input"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobInputAsset", ["assetName"] = "src" },
                    ["outputs"] = new JsonArray(new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobOutputAsset", ["assetName"] = "out" }),
                },
            }, ct);

            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                var job = (await client.GetAsync(JobPath, ct)).RequiredBody["properties"]!;
                var state = job["state"]!.GetValue<string>();
                Assert.True(state is "Queued" or "Scheduled" or "Processing", $"The job reached {state} before it could be killed.");
                if (state == "Processing" && job["outputs"]![0]!["progress"]!.GetValue<int>() > 0)
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"The job never showed progress: {first.Log}");
                await Task.Delay(100, ct);
            }

            firstRunFfmpeg = FfmpegProcesses.Under(data);
            Assert.NotEmpty(firstRunFfmpeg);
            await first.KillHard();
        }

        await using var second = await ServeProcess.StartAsync(data, keyFile, ports, ct);

        // The killed run's ffmpeg (re-parented, still encoding) must be gone right after the restart, long before it could
        // have finished its encode by itself.
        var answered = Stopwatch.StartNew();
        while (firstRunFfmpeg.Any(pid => FfmpegProcesses.Under(data).Contains(pid)))
        {
            Assert.True(answered.Elapsed < TimeSpan.FromSeconds(3),
                $"ffmpeg of the killed run still running {answered.Elapsed} after the restarted region answered: {string.Join(", ", firstRunFfmpeg)}");
            await Task.Delay(50, ct);
        }

        using (var client = new ControlPlaneClient(second.Connection))
        {
            JsonNode job;
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (true)
            {
                job = (await client.GetAsync(JobPath, ct)).RequiredBody["properties"]!;
                if (job["state"]!.GetValue<string>() is "Finished" or "Error" or "Canceled")
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"The job did not end after the restart: {job.ToJsonString()}\n{second.Log}");
                await Task.Delay(200, ct);
            }

            Assert.True(job["state"]!.GetValue<string>() == "Finished", job.ToJsonString());

            // Exactly the files the manifest names, plus the manifest and the metadata: nothing from the killed attempt.
            var container = await AssetContainers.OpenAsync(client, "out", "Read", TimeProvider.System, ct);
            var names = new List<string>();
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: ct))
            {
                names.Add(blob.Name);
            }

            var ism = Assert.Single(names, n => n.EndsWith(".ism", StringComparison.Ordinal));
            var manifest = (await container.GetBlobClient(ism).DownloadContentAsync(ct)).Value.Content.ToString();
            var listed = System.Text.RegularExpressions.Regex.Matches(manifest, "src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.True(listed.Count >= 3, manifest);
            var expected = listed.Append(ism).Append(ism[..^".ism".Length] + "_manifest.json").Order(StringComparer.Ordinal);
            Assert.Equal(expected, names.Order(StringComparer.Ordinal));
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        }

        // The events of the job, across both runs, reach the webhook in order and end with one JobFinished.
        var ended = DateTime.UtcNow.AddSeconds(60);
        List<string> types;
        while (true)
        {
            types = [.. hook.Events.Where(e => e["subject"]!.GetValue<string>().EndsWith("/jobs/j1", StringComparison.Ordinal))
                .Select(e => e["eventType"]!.GetValue<string>())];
            if (types.Contains("Microsoft.Media.JobFinished"))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < ended, $"No JobFinished at the webhook; got {string.Join(", ", types)}");
            await Task.Delay(100, ct);
        }

        var processing = types.IndexOf("Microsoft.Media.JobProcessing");
        var outputFinished = types.IndexOf("Microsoft.Media.JobOutputFinished");
        var finished = types.IndexOf("Microsoft.Media.JobFinished");
        Assert.True(processing >= 0 && processing < outputFinished && outputFinished < finished, string.Join(", ", types));
        Assert.Single(types, t => t == "Microsoft.Media.JobFinished");
        Assert.Equal("Microsoft.Media.JobFinished", types.Last(t => t != "Microsoft.Media.JobOutputProgress" && t != "Microsoft.Media.JobStateChange" && t != "Microsoft.Media.JobOutputStateChange"));

        // Neither run's ffmpeg is still running: not the killed run's (orphaned when its parent died) nor the restart's.
        var alive = firstRunFfmpeg.Where(pid => FfmpegProcesses.Under(data).Contains(pid)).ToList();
        Assert.True(alive.Count == 0, $"ffmpeg of the killed run still running: {string.Join(", ", alive)}");
        Assert.Empty(FfmpegProcesses.Under(data));
    }

    private static async Task MakeClipAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-v", "error", "-f", "lavfi", "-i", "testsrc2=duration=10:size=1280x720:rate=25", "-f", "lavfi", "-i", "sine=duration=10",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-y", path,
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
