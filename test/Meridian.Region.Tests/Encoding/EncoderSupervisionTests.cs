using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Meridian.Region.Encoder;
using static Meridian.Region.Tests.Encoder.EncodingTestSupport;

namespace Meridian.Region.Tests.Encoder;

/// <summary>
/// What the job runner does around ffmpeg: a stuck encoder is killed and the job errors; outputs run in
/// <c>relativePriority</c> order, each with its own start time, Low ones below normal CPU priority; progress writes are spaced out.
/// </summary>
public sealed class EncoderSupervisionTests
{
    [Fact]
    public async Task StuckEncoder_IsKilled_AndTheJobIsServiceError()
    {
        // Prints one progress block, then nothing, as an encoder hung on a broken input or a full disk.
        var runner = new RecordingFfmpegRunner(TimeProvider.System, "echo out_time_us=0; echo progress=continue; exec sleep 60");
        await using var region = await StartAsync(new EncodingOptions { Threads = 1, SpeedPreset = "ultrafast", StuckAfter = TimeSpan.FromSeconds(2) }, runner);
        await AssetAsync(region, "in", await EncodingTestMedia.ClipAsync());
        var container = await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AACGoodQualityAudio"));
        var started = Stopwatch.StartNew();
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");

        var job = await WaitAsync(region, "t1", "j1", IsFinal, 30);
        Assert.Equal("Error", State(job));
        var error = Output(job)["error"]!;
        Assert.Equal("ServiceError", (string)error["code"]!);
        Assert.Equal("MayRetry", (string)error["retry"]!);
        Assert.Contains("no progress", (string)error["message"]!, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(25), $"took {started.Elapsed}");
        Assert.Single(runner.Encodes);
        Assert.Empty(runner.Running);
        Assert.Empty(Files(region, container));
    }

    [Fact]
    public async Task HighRelativePriority_RunsFirst_AndLowRunsBelowNormal()
    {
        var runner = new RecordingFfmpegRunner(TimeProvider.System);
        await using var region = await StartAsync(runner: runner);
        await AssetAsync(region, "in", await EncodingTestMedia.ClipAsync());
        var low = await AssetAsync(region, "low");
        var high = await AssetAsync(region, "high");
        var (status, body) = await region.PutAsync("transforms/t1", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["outputs"] = new JsonArray(
                    new JsonObject { ["relativePriority"] = "Low", ["preset"] = Preset("AACGoodQualityAudio") },
                    new JsonObject { ["relativePriority"] = "High", ["preset"] = Preset("AACGoodQualityAudio") }),
            },
        });
        Assert.True(status == 201, body?.ToJsonString());
        await JobAsync(region, "t1", "j1", AssetInput("in"), "low", "high");

        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.True(State(job) == "Finished", job.ToJsonString());
        var runs = runner.Encodes.ToList();
        Assert.Equal(2, runs.Count);
        Assert.Contains(runs[0].Arguments, a => a.Contains("/out1/", StringComparison.Ordinal));
        Assert.Equal(ProcessPriorityClass.Normal, runs[0].Priority);
        Assert.Contains(runs[1].Arguments, a => a.Contains("/out0/", StringComparison.Ordinal));
        Assert.Equal(ProcessPriorityClass.BelowNormal, runs[1].Priority);
        Assert.True(Time(job, 1, "endTime") <= Time(job, 0, "startTime"), job.ToJsonString());
        Assert.True(Time(job, 0, "startTime") < Time(job, 0, "endTime"), job.ToJsonString());
        Assert.Equal(3, Files(region, low).Count);
        Assert.Equal(3, Files(region, high).Count);
    }

    [Fact]
    public async Task Progress_IsWrittenOnFivePercentSteps_AtMostOncePerInterval()
    {
        var runner = new RealtimeFfmpegRunner(TimeProvider.System);
        var sink = new RecordingJobEventSink();
        var options = new EncodingOptions { Threads = 1, SpeedPreset = "ultrafast", ProgressInterval = TimeSpan.FromSeconds(2) };
        await using var region = await StartAsync(options, runner, sink);
        await AssetAsync(region, "in", await EncodingTestMedia.LongClipAsync());
        await AssetAsync(region, "out");
        await TransformAsync(region, "t1", BuiltIn("AACGoodQualityAudio"));
        var started = Stopwatch.StartNew();
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");

        var job = await WaitAsync(region, "t1", "j1", IsFinal, 60);
        Assert.True(State(job) == "Finished", job.ToJsonString());
        var progress = sink.Events.Where(e => e.StartsWith("progress0 ", StringComparison.Ordinal))
            .Select(e => int.Parse(e["progress0 ".Length..], CultureInfo.InvariantCulture)).ToList();

        // The 10 s clip is read at native speed: unthrottled 5 % steps would be about 19 writes, one per 2 s about 5.
        Assert.InRange(progress.Count, 2, (int)(started.Elapsed.TotalSeconds / 2) + 1);
        for (var i = 1; i < progress.Count; i++)
        {
            Assert.True(progress[i] >= progress[i - 1] + 5, string.Join(",", progress));
        }
    }

    private static JsonNode Preset(string name) => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(BuiltIn(name)))!;

    private static DateTimeOffset Time(JsonNode job, int output, string name) =>
        DateTimeOffset.Parse((string)Output(job, output)[name]!, CultureInfo.InvariantCulture);
}
