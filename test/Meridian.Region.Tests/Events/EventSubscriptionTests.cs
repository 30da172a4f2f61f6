using Meridian.Region.Tests.Infrastructure;
using static Meridian.Region.Tests.Events.EventTestSupport;

namespace Meridian.Region.Tests.Events;

public sealed class EventSubscriptionTests
{
    [Fact]
    public async Task Subscriptions_AreArmResources_CreatedReadUpdatedListedAndDeleted()
    {
        await using var region = await StartAsync();
        var (status, created) = await SubscribeAsync(region, "hook-1", new Uri("https://example.test/hooks/media?code=abc"),
            types: ["microsoft.media.jobfinished", "Microsoft.Media.JobFinished", "Microsoft.Media.JobErrored"], subjectBeginsWith: "transforms/t1/");
        Assert.Equal(201, status);
        Assert.Equal("hook-1", created!["name"]!.GetValue<string>());
        Assert.Equal($"{TestRegion.AccountPath.Replace("mediaServices", "mediaservices", StringComparison.Ordinal)}/eventSubscriptions/hook-1",
            created["id"]!.GetValue<string>());
        Assert.Equal("Microsoft.Media/mediaservices/eventSubscriptions", created["type"]!.GetValue<string>());
        var properties = created["properties"]!;
        Assert.Equal("WebHook", properties["destination"]!["endpointType"]!.GetValue<string>());
        Assert.Equal("https://example.test/hooks/media?code=abc", properties["destination"]!["endpointUrl"]!.GetValue<string>());
        Assert.Equal(["Microsoft.Media.JobFinished", "Microsoft.Media.JobErrored"],
            properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("transforms/t1/", properties["filter"]!["subjectBeginsWith"]!.GetValue<string>());
        Assert.EndsWith("/mediaservices/media1", properties["topic"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Succeeded", properties["provisioningState"]!.GetValue<string>());

        var (getStatus, got) = await region.GetAsync("eventSubscriptions/HOOK-1");
        Assert.Equal(200, getStatus);
        Assert.Equal(created["properties"]!.ToJsonString(), got!["properties"]!.ToJsonString());

        Assert.Equal(200, (await SubscribeAsync(region, "hook-1", new Uri("http://127.0.0.1:9/other"))).Status);
        var (patchStatus, patched) = await region.PatchAsync("eventSubscriptions/hook-1",
            new { properties = new { filter = new { subjectEndsWith = "/jobs/j9" } } });
        Assert.Equal(200, patchStatus);
        Assert.Equal("http://127.0.0.1:9/other", patched!["properties"]!["destination"]!["endpointUrl"]!.GetValue<string>());
        Assert.Equal("/jobs/j9", patched["properties"]!["filter"]!["subjectEndsWith"]!.GetValue<string>());

        Assert.Equal(201, (await SubscribeAsync(region, "hook-2", new Uri("http://127.0.0.1:9/"))).Status);
        var (listStatus, list) = await region.GetAsync("eventSubscriptions");
        Assert.Equal(200, listStatus);
        Assert.Equal(["hook-1", "hook-2"], list!["value"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));

        Assert.Equal(200, (await region.DeleteAsync("eventSubscriptions/hook-1")).Status);
        Assert.Equal(404, (await region.GetAsync("eventSubscriptions/hook-1")).Status);
        Assert.Equal(204, (await region.DeleteAsync("eventSubscriptions/hook-1")).Status);
    }

    [Theory]
    [InlineData("EventHub", "https://example.test/hook")]
    [InlineData("WebHook", "/relative/hook")]
    [InlineData("WebHook", "ftp://example.test/hook")]
    [InlineData("WebHook", "https://user:secret@example.test/hook")]
    [InlineData("WebHook", "")]
    public async Task InvalidDestinations_Are400_AndStoreNothing(string endpointType, string endpointUrl)
    {
        await using var region = await StartAsync();
        var (status, body) = await region.PutAsync("eventSubscriptions/bad", new
        {
            properties = new { destination = new { endpointType, endpointUrl } },
        });
        Assert.Equal(400, status);
        Assert.StartsWith("properties.destination", body!["error"]!["target"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(404, (await region.GetAsync("eventSubscriptions/bad")).Status);
    }

    [Fact]
    public async Task MissingDestinations_UnknownEventTypes_AndBadNames_Are400()
    {
        await using var region = await StartAsync();
        Assert.Equal(400, (await region.PutAsync("eventSubscriptions/none", new { properties = new { } })).Status);
        var (status, body) = await SubscribeAsync(region, "typo", new Uri("https://example.test/"), types: ["Microsoft.Media.JobFinishd"]);
        Assert.Equal(400, status);
        Assert.Equal("properties.filter.includedEventTypes", body!["error"]!["target"]!.GetValue<string>());
        Assert.Equal(400, (await SubscribeAsync(region, "x", new Uri("https://example.test/"))).Status);
        Assert.Equal(400, (await SubscribeAsync(region, "under_score", new Uri("https://example.test/"))).Status);
        var (wrongType, _) = await region.SendAsync(HttpMethod.Put, "eventSubscriptions/wrong",
            """{"properties":{"destination":{"endpointType":"WebHook","endpointUrl":"https://example.test/"},"filter":{"includedEventTypes":"Microsoft.Media.JobFinished"}}}""");
        Assert.Equal(400, wrongType);
        Assert.Empty((await region.GetAsync("eventSubscriptions")).Body!["value"]!.AsArray());
    }
}
