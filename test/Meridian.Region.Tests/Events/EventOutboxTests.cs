using Meridian.Region.Metadata;
using Microsoft.Extensions.DependencyInjection;
using static Meridian.Region.Tests.Events.EventTestSupport;

namespace Meridian.Region.Tests.Events;

public sealed class EventOutboxTests
{
    [Fact]
    public async Task Pruning_DropsOldEvents_ButKeepsThoseASubscriptionStillWaitsFor()
    {
        await using var region = await StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await region.Server.StopAsync(ct); // no sender: the pending delivery stays pending
        var store = region.Server.Services.GetRequiredService<IMetadataStore>();
        var old = DateTimeOffset.UtcNow.AddDays(-30);
        StoredEvent Event(string id, DateTimeOffset time) => new(0, "other/scope/acct", id, "Microsoft.Media.JobOutputProgress", "transforms/t/jobs/j", time, "{}");

        await store.WriteAsync(session =>
        {
            session.AppendEvent(Event("old-done", old), []);
            session.AppendEvent(Event("old-pending", old), ["nobody"]);
            session.AppendEvent(Event("recent", DateTimeOffset.UtcNow), []);
            return 0;
        }, ct);
        var pruned = await store.WriteAsync(session => session.PruneEvents(DateTimeOffset.UtcNow.AddDays(-7)), ct);

        Assert.Equal(1, pruned);
        var left = await store.ReadAsync(session => session.ListEvents("other/scope/acct", 0, 10), ct);
        Assert.Equal(["old-pending", "recent"], left.Select(e => e.Id));
        Assert.True(left[0].Sequence < left[1].Sequence);
        Assert.Equal(old.ToUnixTimeMilliseconds(), left[0].Time.ToUnixTimeMilliseconds());
    }
}
