using System.Text.Json.Nodes;
using static Meridian.Region.Tests.Encoder.EncodingTestSupport;

namespace Meridian.Region.Tests.Encoder;

/// <summary>
/// A transform output that fails: ContinueJob lets the next output run and, as AMS documents, the job's state does not
/// reflect that output's failure; StopProcessingJob stops the job in Error.
/// </summary>
public sealed class OnErrorTests
{
    [Theory]
    [InlineData("ContinueJob", "Finished", "Finished")]
    [InlineData("StopProcessingJob", "Error", "Error")]
    public async Task FailingOutput_ThenNextOutput(string onError, string secondState, string jobState)
    {
        await using var region = await StartAsync();
        await AssetAsync(region, "in", await EncodingTestMedia.VideoOnlyAsync());
        var audioOut = await AssetAsync(region, "audio");
        var videoOut = await AssetAsync(region, "video");
        var (status, body) = await region.PutAsync("transforms/t1", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["outputs"] = new JsonArray(
                    new JsonObject { ["onError"] = onError, ["preset"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(BuiltIn("AACGoodQualityAudio"))) },
                    new JsonObject { ["preset"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(BuiltIn("H264SingleBitrateSD"))) }),
            },
        });
        Assert.True(status == 201, body?.ToJsonString());
        await JobAsync(region, "t1", "j1", AssetInput("in"), "audio", "video");
        var job = await WaitAsync(region, "t1", "j1", IsFinal);
        Assert.Equal(jobState, State(job));
        Assert.Equal("Error", (string)Output(job, 0)["state"]!);
        Assert.Equal("ContentUnsupported", (string)Output(job, 0)["error"]!["code"]!);
        Assert.Contains("the input has video and no audio", (string)Output(job, 0)["error"]!["message"]!, StringComparison.Ordinal);
        Assert.Equal(secondState, (string)Output(job, 1)["state"]!);
        Assert.Empty(Files(region, audioOut));
        Assert.Equal(secondState == "Finished" ? 3 : 0, Files(region, videoOut).Count);
    }
}
