using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;
using Meridian.Region.Tests.Infrastructure;
using static Meridian.Region.Tests.Events.EventTestSupport;

namespace Meridian.Region.Tests.Events;

public sealed class JobEventEnvelopeTests
{
    private const string Topic =
        $"/subscriptions/{TestRegion.Subscription}/resourceGroups/{TestRegion.ResourceGroup}/providers/Microsoft.Media/mediaservices/{TestRegion.Account}";

    private static readonly Dictionary<string, string> _correlation = new() { ["tenant"] = "t-42", ["batch"] = "7" };

    [Fact]
    public async Task JobStateChanges_RaiseTheGenericAndThePerStateEvent_InTheEventGridSchema()
    {
        await using var region = await StartAsync();
        var job = Job("encode", "job1", _correlation);
        var transitions = new[]
        {
            ("Queued", "Scheduled", "Microsoft.Media.JobScheduled"),
            ("Scheduled", "Processing", "Microsoft.Media.JobProcessing"),
            ("Processing", "Canceling", "Microsoft.Media.JobCanceling"),
            ("Canceling", "Canceled", "Microsoft.Media.JobCanceled"),
            ("Processing", "Finished", "Microsoft.Media.JobFinished"),
            ("Processing", "Error", "Microsoft.Media.JobErrored"),
        };
        foreach (var (from, to, _) in transitions)
        {
            await RaiseAsync(region, (session, sink) => sink.JobStateChanged(session, job, from, to));
        }

        var events = await AllEventsAsync(region);
        Assert.Equal(transitions.Length * 2, events.Count);
        for (var i = 0; i < transitions.Length; i++)
        {
            var (from, to, specific) = transitions[i];
            var generic = events[2 * i];
            var perState = events[(2 * i) + 1];
            AssertEnvelope(generic, "Microsoft.Media.JobStateChange", "transforms/encode/jobs/job1");
            AssertEnvelope(perState, specific, "transforms/encode/jobs/job1");
            foreach (var e in new[] { generic, perState })
            {
                Assert.Equal(from, e["data"]!["previousState"]!.GetValue<string>());
                Assert.Equal(to, e["data"]!["state"]!.GetValue<string>());
                Assert.Equal("t-42", e["data"]!["correlationData"]!["tenant"]!.GetValue<string>());
                Assert.Equal("7", e["data"]!["correlationData"]!["batch"]!.GetValue<string>());
            }

            Assert.NotEqual(generic["id"]!.GetValue<string>(), perState["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task QueuedAsTheNewState_RaisesOnlyTheGenericEvent()
    {
        await using var region = await StartAsync();
        await RaiseAsync(region, (session, sink) => sink.JobStateChanged(session, Job("t", "j"), "Queued", "Queued"));

        var events = await AllEventsAsync(region);
        Assert.Equal(["Microsoft.Media.JobStateChange"], events.Select(Type));
    }

    [Fact]
    public async Task FinalJobEvents_CarryTheStoredJobsOutputs()
    {
        await using var region = await StartAsync();
        var job = Job("encode", "job2");
        await RaiseAsync(region, (session, sink) =>
        {
            var document = new ResourceDocument
            {
                Name = "job2",
                Properties = new JsonObject
                {
                    ["state"] = "Finished",
                    ["outputs"] = new JsonArray(new JsonObject
                    {
                        ["@odata.type"] = "#Microsoft.Media.JobOutputAsset",
                        ["assetName"] = "out1",
                        ["label"] = "BuiltInStandardEncoderPreset_0",
                        ["progress"] = 100,
                        ["state"] = "Finished",
                        ["startTime"] = "2026-01-01T00:00:00Z",
                    }),
                },
            };
            session.Put(new StoredResource(new ResourceKey($"{Account.Scope}/transforms/encode", "jobs", "job2"), document.Serialize()));
            sink.JobStateChanged(session, job, "Processing", "Finished");
        });

        var finished = (await AllEventsAsync(region)).Single(e => Type(e) == "Microsoft.Media.JobFinished");
        var output = Assert.Single(finished["data"]!["outputs"]!.AsArray())!.AsObject();
        Assert.Equal(["@odata.type", "assetName", "error", "label", "progress", "state"], output.Select(kv => kv.Key));
        Assert.Equal("out1", output["assetName"]!.GetValue<string>());
        Assert.Equal(100, output["progress"]!.GetValue<int>());
        Assert.Null(output["error"]);
    }

    [Fact]
    public async Task JobOutputStateChanges_RaiseTheGenericAndThePerStateEvent_WithTheOutput()
    {
        await using var region = await StartAsync();
        var job = Job("encode", "job3", _correlation);
        var transitions = new[]
        {
            ("Queued", "Scheduled", "Microsoft.Media.JobOutputScheduled"),
            ("Scheduled", "Processing", "Microsoft.Media.JobOutputProcessing"),
            ("Processing", "Canceling", "Microsoft.Media.JobOutputCanceling"),
            ("Canceling", "Canceled", "Microsoft.Media.JobOutputCanceled"),
            ("Processing", "Finished", "Microsoft.Media.JobOutputFinished"),
            ("Processing", "Error", "Microsoft.Media.JobOutputErrored"),
        };
        foreach (var (from, to, _) in transitions)
        {
            var output = new JsonObject
            {
                ["@odata.type"] = "#Microsoft.Media.JobOutputAsset",
                ["assetName"] = "out-asset",
                ["label"] = "BuiltInStandardEncoderPreset_0",
                ["progress"] = to == "Finished" ? 100 : 0,
                ["state"] = to,
                ["error"] = to == "Error" ? new JsonObject { ["code"] = "ContentMalformed", ["retry"] = "DoNotRetry" } : null,
                ["startTime"] = "2026-01-01T00:00:00Z",
            };
            await RaiseAsync(region, (session, sink) => sink.JobOutputStateChanged(session, job, 0, from, output));
        }

        var events = await AllEventsAsync(region);
        Assert.Equal(transitions.Length * 2, events.Count);
        for (var i = 0; i < transitions.Length; i++)
        {
            var (from, to, specific) = transitions[i];
            AssertEnvelope(events[2 * i], "Microsoft.Media.JobOutputStateChange", "transforms/encode/jobs/job3");
            AssertEnvelope(events[(2 * i) + 1], specific, "transforms/encode/jobs/job3");
            foreach (var e in new[] { events[2 * i], events[(2 * i) + 1] })
            {
                var data = e["data"]!.AsObject();
                Assert.Equal(["previousState", "output", "jobCorrelationData"], data.Select(kv => kv.Key));
                Assert.Equal(from, data["previousState"]!.GetValue<string>());
                var output = data["output"]!.AsObject();
                Assert.Equal(["@odata.type", "assetName", "error", "label", "progress", "state"], output.Select(kv => kv.Key));
                Assert.Equal("#Microsoft.Media.JobOutputAsset", output["@odata.type"]!.GetValue<string>());
                Assert.Equal("out-asset", output["assetName"]!.GetValue<string>());
                Assert.Equal("BuiltInStandardEncoderPreset_0", output["label"]!.GetValue<string>());
                Assert.Equal(to, output["state"]!.GetValue<string>());
                Assert.Equal(to == "Finished" ? 100 : 0, output["progress"]!.GetValue<int>());
                Assert.Equal(to == "Error" ? "ContentMalformed" : null, output["error"]?["code"]?.GetValue<string>());
                Assert.Equal("t-42", data["jobCorrelationData"]!["tenant"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task JobOutputProgress_HasCorrelationLabelAndProgress()
    {
        await using var region = await StartAsync();
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("encode", "job4", _correlation), 1, "audio", 35));

        var e = Assert.Single(await AllEventsAsync(region));
        AssertEnvelope(e, "Microsoft.Media.JobOutputProgress", "transforms/encode/jobs/job4");
        var data = e["data"]!.AsObject();
        Assert.Equal(["jobCorrelationData", "label", "progress"], data.Select(kv => kv.Key));
        Assert.Equal("audio", data["label"]!.GetValue<string>());
        Assert.Equal(35, data["progress"]!.GetValue<int>());
        Assert.Equal("7", data["jobCorrelationData"]!["batch"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFailedTransaction_StoresNoEvent()
    {
        await using var region = await StartAsync();
        await using var hook = await WebhookReceiver.StartAsync();
        Assert.Equal(201, (await SubscribeAsync(region, "all", hook.Url)).Status);

        await Assert.ThrowsAsync<InvalidOperationException>(() => RaiseAsync(region, (session, sink) =>
        {
            sink.JobStateChanged(session, Job("t", "j"), "Queued", "Scheduled");
            throw new InvalidOperationException("The job update failed.");
        }));
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("t", "other"), 0, "x", 5));

        var events = await AllEventsAsync(region);
        Assert.Equal(["Microsoft.Media.JobOutputProgress"], events.Select(Type));
        await DrainAsync(region);
        Assert.Equal(["Microsoft.Media.JobOutputProgress"], hook.Acknowledged.Select(Type));
    }

    private static void AssertEnvelope(JsonObject e, string type, string subject)
    {
        Assert.Equal(["topic", "subject", "eventType", "eventTime", "id", "data", "dataVersion", "metadataVersion"], e.Select(kv => kv.Key));
        Assert.Equal(Topic, e["topic"]!.GetValue<string>());
        Assert.Equal(subject, e["subject"]!.GetValue<string>());
        Assert.Equal(type, e["eventType"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", e["eventTime"]!.GetValue<string>());
        Assert.True(Guid.TryParse(e["id"]!.GetValue<string>(), out _));
        Assert.Equal("1.0", e["dataVersion"]!.GetValue<string>());
        Assert.Equal("1", e["metadataVersion"]!.GetValue<string>());
    }
}
