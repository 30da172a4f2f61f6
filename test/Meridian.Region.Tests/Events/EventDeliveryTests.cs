using System.Text.Json.Nodes;
using static Meridian.Region.Tests.Events.EventTestSupport;

namespace Meridian.Region.Tests.Events;

public sealed class EventDeliveryTests
{
    [Fact]
    public async Task AWebhookThatFailsItsFirstDeliveries_GetsEveryEvent_InOrderPerJob_AcknowledgedOnce()
    {
        await using var region = await StartAsync();
        await using var hook = await WebhookReceiver.StartAsync(failFirst: 7);
        Assert.Equal(201, (await SubscribeAsync(region, "all-events", hook.Url)).Status);

        var jobs = new[] { Job("encode", "a"), Job("encode", "b"), Job("thumbs", "c") };
        await Task.WhenAll(jobs.Select(job => RunJobAsync(region, job)));
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, jobs[0], 0, "video", 50));

        var all = await AllEventsAsync(region);
        Assert.Equal(19, all.Count);
        await hook.WaitUntilAsync(h => h.Acknowledged.Count >= all.Count);
        await DrainAsync(region);

        var acknowledged = hook.Acknowledged;
        Assert.Equal(all.Select(Id).Order(), acknowledged.Select(Id).Order());
        Assert.Equal(7, hook.Attempts.Count(a => a.Status == 500));
        Assert.All(hook.Attempts, a =>
        {
            Assert.Equal("Notification", a.EventTypeHeader);
            Assert.StartsWith("application/json", a.ContentType, StringComparison.Ordinal);
            Assert.Single(a.Events);
        });

        // Per job, the acknowledged order is the raising order, and no attempt ran ahead of an unacknowledged event.
        foreach (var subject in all.Select(Subject).Distinct())
        {
            var raised = all.Where(e => Subject(e) == subject).Select(Id).ToList();
            Assert.Equal(raised, acknowledged.Where(e => Subject(e) == subject).Select(Id));
            var next = 0;
            foreach (var attempt in hook.Attempts.Where(a => Subject(a.Events[0]) == subject))
            {
                Assert.Equal(raised[next], Id(attempt.Events[0]));
                if (attempt.Status == 200)
                {
                    next++;
                }
            }
        }

        Assert.Equal(all.Select(e => e.ToJsonString()).Order(), acknowledged.Select(e => e.ToJsonString()).Order());
    }

    [Fact]
    public async Task PendingEvents_SurviveARestart_AndAreDeliveredAfterIt()
    {
        await using var region = await StartAsync();
        await using var hook = await WebhookReceiver.StartAsync(failFirst: int.MaxValue);
        Assert.Equal(201, (await SubscribeAsync(region, "durable", hook.Url)).Status);
        await RunJobAsync(region, Job("encode", "survivor"));
        await hook.WaitUntilAsync(h => h.Attempts.Count >= 3);

        await region.RestartAsync();
        var before = hook.Attempts.Count;
        hook.FailFirst = 0;
        await hook.WaitUntilAsync(h => h.Acknowledged.Count >= 6);
        await DrainAsync(region);

        var all = await AllEventsAsync(region);
        Assert.Equal(6, all.Count);
        Assert.Equal(all.Select(Id), hook.Acknowledged.Select(Id));
        Assert.True(hook.Attempts.Count > before);
    }

    [Fact]
    public async Task EventsRaisedWhileStopped_AreDeliveredByTheNextStart()
    {
        await using var region = await StartAsync();
        await using var hook = await WebhookReceiver.StartAsync();
        Assert.Equal(201, (await SubscribeAsync(region, "later", hook.Url)).Status);
        await region.Server.StopAsync(TestContext.Current.CancellationToken);
        await RunJobAsync(region, Job("encode", "offline"));
        Assert.Empty(hook.Attempts);

        await region.RestartAsync();
        await hook.WaitUntilAsync(h => h.Acknowledged.Count >= 6);
        Assert.Equal((await AllEventsAsync(region)).Select(Id), hook.Acknowledged.Select(Id));
    }

    [Fact]
    public async Task Filters_ByEventTypeAndSubject_SelectWhatEachSubscriptionGets()
    {
        await using var region = await StartAsync();
        await using var finishedOnly = await WebhookReceiver.StartAsync();
        await using var thumbsOnly = await WebhookReceiver.StartAsync();
        await using var both = await WebhookReceiver.StartAsync();
        Assert.Equal(201, (await SubscribeAsync(region, "finished", finishedOnly.Url, types: ["microsoft.media.jobfinished"])).Status);
        Assert.Equal(201, (await SubscribeAsync(region, "thumbs", thumbsOnly.Url, subjectBeginsWith: "TRANSFORMS/thumbs/")).Status);
        Assert.Equal(201, (await SubscribeAsync(region, "both", both.Url,
            types: ["Microsoft.Media.JobStateChange", "Microsoft.Media.JobOutputProgress"], subjectBeginsWith: "transforms/encode/")).Status);

        await RunJobAsync(region, Job("encode", "e1"));
        await RunJobAsync(region, Job("thumbs", "t1"));
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("thumbs", "t1"), 0, "x", 10));
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("encode", "e1"), 0, "x", 10));
        await DrainAsync(region);

        Assert.Equal(
            ["transforms/encode/jobs/e1", "transforms/thumbs/jobs/t1"],
            finishedOnly.Acknowledged.Select(e => $"{Subject(e)}|{Type(e)}").Order().Select(s => s.Split('|')[0]));
        Assert.All(finishedOnly.Acknowledged, e => Assert.Equal("Microsoft.Media.JobFinished", Type(e)));
        Assert.Equal(7, thumbsOnly.Acknowledged.Count);
        Assert.All(thumbsOnly.Acknowledged, e => Assert.Equal("transforms/thumbs/jobs/t1", Subject(e)));
        Assert.Equal(
            ["Microsoft.Media.JobStateChange", "Microsoft.Media.JobStateChange", "Microsoft.Media.JobStateChange", "Microsoft.Media.JobOutputProgress"],
            both.Acknowledged.Select(Type));
        Assert.All(both.Acknowledged, e => Assert.Equal("transforms/encode/jobs/e1", Subject(e)));
    }

    [Fact]
    public async Task ASubscription_GetsOnlyEventsRaisedAfterItWasCreated_AndNoneAfterItIsDeleted()
    {
        await using var region = await StartAsync();
        await using var hook = await WebhookReceiver.StartAsync(failFirst: int.MaxValue);
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("t", "before"), 0, "x", 1));
        Assert.Equal(201, (await SubscribeAsync(region, "short-lived", hook.Url)).Status);
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("t", "after"), 0, "x", 1));
        await hook.WaitUntilAsync(h => h.Attempts.Count >= 2);
        Assert.All(hook.Attempts, a => Assert.Equal("transforms/t/jobs/after", Subject(a.Events[0])));

        Assert.Equal(200, (await region.DeleteAsync("eventSubscriptions/short-lived")).Status);
        await DrainAsync(region);
        Assert.Equal(2, (await AllEventsAsync(region)).Count);
    }

    [Fact]
    public async Task AnEventThatKeepsFailing_IsAbandonedAfterMaxAttempts_AndTheNextOneOfTheJobGoesOn()
    {
        await using var region = await StartAsync(maxAttempts: 3);
        await using var hook = await WebhookReceiver.StartAsync(failFirst: 3);
        Assert.Equal(201, (await SubscribeAsync(region, "give-up", hook.Url)).Status);
        await RaiseAsync(region, (session, sink) => sink.JobStateChanged(session, Job("t", "j"), "Queued", "Queued"));
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("t", "j"), 0, "x", 5));
        await DrainAsync(region);

        var all = await AllEventsAsync(region);
        Assert.Equal(3, hook.Attempts.Count(a => a.Status == 500 && Id(a.Events[0]) == Id(all[0])));
        var delivered = Assert.Single(hook.Acknowledged);
        Assert.Equal(Id(all[1]), Id(delivered));
        Assert.IsType<JsonObject>(delivered["data"]);
    }

    [Fact]
    public async Task AHungSubscriber_DoesNotHoldUpAnother()
    {
        await using var region = await StartAsync();
        await using var hung = await WebhookReceiver.StartAsync();
        hung.ResponseDelay = TimeSpan.FromMinutes(1);
        await using var healthy = await WebhookReceiver.StartAsync();
        Assert.Equal(201, (await SubscribeAsync(region, "hung", hung.Url)).Status);
        Assert.Equal(201, (await SubscribeAsync(region, "healthy", healthy.Url)).Status);

        await RunJobAsync(region, Job("encode", "j1"));
        // Well inside the hung subscriber's 60 s delay, and loose enough for a loaded CI machine.
        await healthy.WaitUntilAsync(h => h.Acknowledged.Count >= 6, seconds: 30);

        Assert.Equal((await AllEventsAsync(region)).Select(Id), healthy.Acknowledged.Select(Id));
        Assert.Empty(hung.Attempts);
    }
}
