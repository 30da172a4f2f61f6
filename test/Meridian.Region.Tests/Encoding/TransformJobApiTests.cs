using System.Text.Json.Nodes;
using Meridian.Region.Encoder;
using Meridian.Region.Tests.Infrastructure;
using static Meridian.Region.Tests.Encoder.EncodingTestSupport;

namespace Meridian.Region.Tests.Encoder;

/// <summary>The transform and job API: shapes, validation, $filter, PATCH rules and cancel, on a region with no workers (jobs stay Queued).</summary>
public sealed class TransformJobApiTests
{
    private static Task<TestRegion> StartIdleAsync() => StartAsync(new EncodingOptions { Workers = 0 });

    [Fact]
    public async Task Transform_Crud_DefaultsOnErrorAndPriority()
    {
        await using var region = await StartIdleAsync();
        var (status, body) = await region.PutAsync("transforms/t1", new
        {
            properties = new { description = "ladder", outputs = new[] { new { preset = BuiltIn("AdaptiveStreaming") } } },
        });
        Assert.Equal(201, status);
        var output = body!["properties"]!["outputs"]![0]!;
        Assert.Equal("StopProcessingJob", (string)output["onError"]!);
        Assert.Equal("Normal", (string)output["relativePriority"]!);
        Assert.Equal("#Microsoft.Media.BuiltInStandardEncoderPreset", (string)output["preset"]!["@odata.type"]!);
        Assert.Equal("AdaptiveStreaming", (string)output["preset"]!["presetName"]!);
        Assert.Equal("Microsoft.Media/mediaservices/transforms", (string)body["type"]!);
        Assert.NotNull(body["properties"]!["created"]);

        (status, body) = await region.PutAsync("transforms/t1", new
        {
            properties = new { outputs = new[] { new { onError = "ContinueJob", relativePriority = "High", preset = BuiltIn("H264SingleBitrate720p") } } },
        });
        Assert.Equal(200, status);
        Assert.Equal("ContinueJob", (string)body!["properties"]!["outputs"]![0]!["onError"]!);

        (status, body) = await region.GetAsync("transforms");
        Assert.Equal(200, status);
        Assert.Single(body!["value"]!.AsArray());

        Assert.Equal(200, (await region.DeleteAsync("transforms/t1")).Status);
        Assert.Equal(404, (await region.GetAsync("transforms/t1")).Status);
        Assert.Equal(204, (await region.DeleteAsync("transforms/t1")).Status);
    }

    [Fact]
    public async Task Transform_BadBodies_Are400()
    {
        await using var region = await StartIdleAsync();
        object[] bad =
        [
            new { properties = new { outputs = Array.Empty<object>() } },
            new { properties = new { outputs = new[] { new { preset = BuiltIn("NoSuchPreset") } } } },
            new { properties = new { outputs = new[] { new { preset = new JsonObject { ["@odata.type"] = "#Microsoft.Media.Unknown" } } } } },
            new { properties = new { outputs = new[] { new { onError = "Sometimes", preset = BuiltIn("AdaptiveStreaming") } } } },
            new { properties = new { outputs = new[] { new { preset = Standard("PT99S", 1_000_000) } } } },
            new { properties = new { outputs = new[] { new { preset = Standard("PT2S", 5) } } } },
            new { properties = new { outputs = "nope" } },
        ];
        foreach (var body in bad)
        {
            var (status, response) = await region.PutAsync("transforms/bad", body);
            Assert.True(status == 400, $"{status} for {System.Text.Json.JsonSerializer.Serialize(body)}: {response?.ToJsonString()}");
            Assert.NotNull(response?["error"]?["code"]);
        }

        Assert.Equal(404, (await region.GetAsync("transforms/bad")).Status);
    }

    [Fact]
    public async Task Job_Create_Get_Filter_Patch_Cancel_Delete()
    {
        await using var region = await StartIdleAsync();
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        await AssetAsync(region, "in");
        await AssetAsync(region, "out1");
        await AssetAsync(region, "out2");

        var job = await JobAsync(region, "t1", "j1", AssetInput("in"), "out1");
        var props = job["properties"]!;
        Assert.Equal("Queued", (string)props["state"]!);
        Assert.Equal("Normal", (string)props["priority"]!);
        Assert.Equal("t1", (string)props["correlationData"]!["tenant"]!);
        Assert.Equal("BuiltInStandardEncoderPreset_0", (string)props["outputs"]![0]!["label"]!);
        Assert.Equal("Queued", (string)props["outputs"]![0]!["state"]!);
        Assert.Equal(0, (int)props["outputs"]![0]!["progress"]!);
        Assert.Equal("#Microsoft.Media.JobOutputAsset", (string)props["outputs"]![0]!["@odata.type"]!);
        Assert.Equal("Microsoft.Media/mediaservices/transforms/jobs", (string)job["type"]!);
        Assert.EndsWith("/transforms/t1/jobs/j1", (string)job["id"]!, StringComparison.Ordinal);

        await JobAsync(region, "t1", "j2", AssetInput("in"), "out2");

        // PATCH of description and priority while Queued.
        var (status, body) = await region.PatchAsync("transforms/t1/jobs/j1", new { properties = new { description = "urgent", priority = "High" } });
        Assert.Equal(200, status);
        Assert.Equal("High", (string)body!["properties"]!["priority"]!);
        Assert.Equal("urgent", (string)body["properties"]!["description"]!);

        // Another input or other outputs would be another job: refused, where they were once ignored with a 200.
        (status, body) = await region.PatchAsync("transforms/t1/jobs/j1", new { properties = new { input = AssetInput("out2") } });
        Assert.Equal(400, status);
        Assert.Equal("properties.input", (string?)body!["error"]!["target"]);
        (status, body) = await region.PutAsync("transforms/t1/jobs/j1", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["input"] = AssetInput("in"),
                ["outputs"] = new JsonArray(new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobOutputAsset", ["assetName"] = "out2" }),
            },
        });
        Assert.Equal(400, status);
        Assert.Equal("properties.outputs", (string?)body!["error"]!["target"]);
        var (_, unchanged) = await region.GetAsync("transforms/t1/jobs/j1");
        Assert.Equal("in", (string?)unchanged!["properties"]!["input"]!["assetName"]);

        // Cancel a queued job: Canceled at once; then PATCH is refused and nothing changes.
        (status, _) = await region.PostAsync("transforms/t1/jobs/j2/cancelJob");
        Assert.Equal(200, status);
        (status, body) = await region.GetAsync("transforms/t1/jobs/j2");
        Assert.Equal("Canceled", State(body!));
        Assert.Equal("Canceled", (string)Output(body!)["state"]!);
        (status, body) = await region.PatchAsync("transforms/t1/jobs/j2", new { properties = new { priority = "Low" } });
        Assert.Equal(409, status);
        Assert.Equal("Normal", (string)(await region.GetAsync("transforms/t1/jobs/j2")).Body!["properties"]!["priority"]!);

        // $filter on state.
        (status, body) = await region.GetAsync("transforms/t1/jobs?$filter=properties/state eq 'Queued'");
        Assert.Equal(200, status);
        Assert.Equal(["j1"], body!["value"]!.AsArray().Select(j => (string)j!["name"]!));
        (status, body) = await region.GetAsync("transforms/t1/jobs?$filter=properties/state eq 'Canceled'");
        Assert.Equal(["j2"], body!["value"]!.AsArray().Select(j => (string)j!["name"]!));
        (status, body) = await region.GetAsync("transforms/t1/jobs?$filter=properties/created gt 2000-01-01T00:00:00Z");
        Assert.Equal(200, status);
        Assert.Equal(2, body!["value"]!.AsArray().Count);

        Assert.Equal(200, (await region.DeleteAsync("transforms/t1/jobs/j1")).Status);
        Assert.Equal(404, (await region.GetAsync("transforms/t1/jobs/j1")).Status);
        Assert.Equal(404, (await region.PostAsync("transforms/t1/jobs/j1/cancelJob")).Status);
    }

    [Fact]
    public async Task Job_BadBodies_Are4xx_AndStoreNothing()
    {
        await using var region = await StartIdleAsync();
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        await AssetAsync(region, "in");
        await AssetAsync(region, "out");
        var output = new JsonArray(new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobOutputAsset", ["assetName"] = "out" });
        (JsonObject Properties, int Status)[] cases =
        [
            (new JsonObject { ["outputs"] = output.DeepClone() }, 400),
            (new JsonObject { ["input"] = AssetInput("in") }, 400),
            (new JsonObject { ["input"] = AssetInput("missing"), ["outputs"] = output.DeepClone() }, 404),
            (new JsonObject { ["input"] = AssetInput("in"), ["outputs"] = new JsonArray(new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobOutputAsset", ["assetName"] = "nope" }) }, 404),
            (new JsonObject { ["input"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobInputHttp", ["baseUri"] = "ftp://x/y.mp4" }, ["outputs"] = output.DeepClone() }, 400),
            (new JsonObject { ["input"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobInputAsset", ["assetName"] = "in", ["start"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.AbsoluteClipTime", ["time"] = "ten seconds" } }, ["outputs"] = output.DeepClone() }, 400),
            (new JsonObject { ["input"] = AssetInput("in"), ["outputs"] = output.DeepClone(), ["priority"] = "Urgent" }, 400),
            (new JsonObject { ["input"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobInputAsset", ["assetName"] = "in", ["end"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.AbsoluteClipTime", ["time"] = "PT0.0001S" } }, ["outputs"] = output.DeepClone() }, 400),
            (new JsonObject { ["input"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.JobInputAsset", ["assetName"] = "in", ["start"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.AbsoluteClipTime", ["time"] = "PT2S" }, ["end"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.AbsoluteClipTime", ["time"] = "PT2.0002S" } }, ["outputs"] = output.DeepClone() }, 400),
            (new JsonObject { ["input"] = AssetInput("in"), ["outputs"] = new JsonArray(output[0]!.DeepClone(), output[0]!.DeepClone()) }, 400),
        ];
        foreach (var (properties, expected) in cases)
        {
            var (status, body) = await region.PutAsync("transforms/t1/jobs/bad", new JsonObject { ["properties"] = properties });
            Assert.True(status == expected, $"{status} for {properties.ToJsonString()}: {body?.ToJsonString()}");
        }

        Assert.Equal(404, (await region.GetAsync("transforms/t1/jobs/bad")).Status);
        Assert.Equal(404, (await region.PutAsync("transforms/none/jobs/j", new JsonObject { ["properties"] = new JsonObject { ["input"] = AssetInput("in"), ["outputs"] = output.DeepClone() } })).Status);
    }

    [Fact]
    public async Task DeletingTransform_DeletesItsJobs()
    {
        await using var region = await StartIdleAsync();
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        await AssetAsync(region, "in");
        await AssetAsync(region, "out");
        await JobAsync(region, "t1", "j1", AssetInput("in"), "out");
        Assert.Equal(200, (await region.DeleteAsync("transforms/t1")).Status);
        await TransformAsync(region, "t1", BuiltIn("AdaptiveStreaming"));
        Assert.Equal(404, (await region.GetAsync("transforms/t1/jobs/j1")).Status);
    }

    [Theory]
    [InlineData("../../blobs/victim/owned", "SD")]
    [InlineData("../input", "SD")]
    [InlineData("/tmp/owned", "SD")]
    [InlineData("sub/{Basename}", "SD")]
    [InlineData("..\\{Basename}", "SD")]
    [InlineData("{Basename}_{Label}", "../../x")]
    [InlineData("{Label}", "a\u0001b")]
    public async Task Transform_FilenamePatternLeavingTheOutputDirectory_Is400(string pattern, string label)
    {
        // ffmpeg writes each output with -y into the job's directory: a '/' or '..' from the pattern or a label once
        // wrote (or truncated) files elsewhere, the job's linked input blob included.
        await using var region = await StartIdleAsync();
        var (status, response) = await region.PutAsync("transforms/t1",
            new { properties = new { outputs = new[] { new { preset = Standard("PT2S", 1_000_000, pattern, label) } } } });

        Assert.Equal(400, status);
        Assert.Equal("properties.outputs[0].preset.formats[0].filenamePattern", (string?)response!["error"]!["target"]);
        Assert.Equal(404, (await region.GetAsync("transforms/t1")).Status);
    }

    [Fact]
    public async Task Transform_FilenamePatternWithPlainNames_IsKept()
    {
        await using var region = await StartIdleAsync();
        var (status, response) = await region.PutAsync("transforms/t1",
            new { properties = new { outputs = new[] { new { preset = Standard("PT2S", 1_000_000, "{Basename}.{Label}..{Bitrate}", "HD 720") } } } });

        Assert.Equal(201, status);
        Assert.Equal("{Basename}.{Label}..{Bitrate}", (string?)response!["properties"]!["outputs"]![0]!["preset"]!["formats"]![0]!["filenamePattern"]);
    }

    private static JsonObject Standard(
        string keyFrameInterval, int bitrate, string pattern = "{Basename}_{Resolution}_{Bitrate}{Extension}", string? label = null) => new()
    {
        ["@odata.type"] = "#Microsoft.Media.StandardEncoderPreset",
        ["codecs"] = new JsonArray(new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Media.H264Video",
            ["keyFrameInterval"] = keyFrameInterval,
            ["layers"] = new JsonArray(new JsonObject { ["width"] = "640", ["height"] = "360", ["bitrate"] = bitrate, ["label"] = label }),
        }),
        ["formats"] = new JsonArray(new JsonObject { ["@odata.type"] = "#Microsoft.Media.Mp4Format", ["filenamePattern"] = pattern }),
    };
}
