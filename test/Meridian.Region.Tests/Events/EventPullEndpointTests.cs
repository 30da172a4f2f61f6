using System.Net;
using System.Text.Json.Nodes;
using Meridian.Region.Tests.Infrastructure;
using static Meridian.Region.Tests.Events.EventTestSupport;

namespace Meridian.Region.Tests.Events;

public sealed class EventPullEndpointTests
{
    [Fact]
    public async Task Events_ArePaged_OldestFirst_AndNextLinkContinuesAfterTheLastOne()
    {
        await using var region = await StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            var progress = i * 10;
            await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("t", "j"), 0, "x", progress));
        }

        var seen = new List<int>();
        var (status, page) = await region.GetAsync("events?$top=2");
        var pages = 0;
        while (true)
        {
            Assert.Equal(200, status);
            var value = page!["value"]!.AsArray();
            Assert.True(value.Count <= 2);
            seen.AddRange(value.Select(e => e!["data"]!["progress"]!.GetValue<int>()));
            pages++;
            var next = page["nextLink"]!.GetValue<string>();
            Assert.StartsWith(region.Server.Addresses.ControlPlane.ToString().TrimEnd('/'), next, StringComparison.Ordinal);
            Assert.Contains("api-version=", next, StringComparison.Ordinal);
            if (value.Count == 0)
            {
                break;
            }

            (status, page) = await GetAbsoluteAsync(region, next);
        }

        Assert.Equal([10, 20, 30, 40, 50], seen);
        Assert.Equal(4, pages);

        // The last nextLink is a cursor: it returns the events raised after the client caught up.
        var cursor = page!["nextLink"]!.GetValue<string>();
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("t", "j"), 0, "x", 60));
        var (_, later) = await GetAbsoluteAsync(region, cursor);
        Assert.Equal([60], later!["value"]!.AsArray().Select(e => e!["data"]!["progress"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Events_AreScopedToTheirAccount()
    {
        await using var region = await StartAsync();
        await region.CreateAccountAsync("media2");
        await RaiseAsync(region, (session, sink) => sink.JobOutputProgress(session, Job("t", "j"), 0, "x", 1));
        var (status, other) = await region.GetAsync($"{TestRegion.AccountPath.Replace("media1", "media2", StringComparison.Ordinal)}/events");
        Assert.Equal(200, status);
        Assert.Empty(other!["value"]!.AsArray());
        Assert.Single((await AllEventsAsync(region)));
    }

    [Fact]
    public async Task DeletingTheAccount_DropsItsEventsAndDeliveries()
    {
        await using var region = await StartAsync();
        await using var hook = await WebhookReceiver.StartAsync(failFirst: int.MaxValue);
        Assert.Equal(201, (await SubscribeAsync(region, "doomed", hook.Url)).Status);
        await RunJobAsync(region, Job("t", "j"));
        Assert.Equal(6, (await AllEventsAsync(region)).Count);

        Assert.Equal(200, (await region.DeleteAsync(TestRegion.AccountPath)).Status);
        await region.CreateAccountAsync();
        Assert.Empty(await AllEventsAsync(region));
        Assert.Empty((await region.GetAsync("eventSubscriptions")).Body!["value"]!.AsArray());
        await DrainAsync(region);
    }

    [Theory]
    [InlineData("events?$top=0", 400)]
    [InlineData("events?$top=1001", 400)]
    [InlineData("events?$top=abc", 400)]
    [InlineData("events?after=-1", 400)]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Media/mediaServices/nope/events", 404)]
    public async Task BadQueriesAndUnknownAccounts_AreArmErrors(string path, int expected)
    {
        await using var region = await StartAsync();
        var (status, body) = await region.GetAsync(path);
        Assert.Equal(expected, status);
        Assert.NotNull(body!["error"]!["code"]);
    }

    [Fact]
    public async Task ThePullEndpoint_NeedsTheCredential_AndAnApiVersion()
    {
        await using var region = await StartAsync();
        using var anonymous = new HttpClient { BaseAddress = region.Server.Addresses.ControlPlane };
        using var response = await anonymous.GetAsync(TestRegion.Url("events"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(400, (await region.SendAsync(HttpMethod.Get, "events", apiVersion: "")).Status);
    }

    private static async Task<(int Status, JsonNode? Body)> GetAbsoluteAsync(TestRegion region, string url)
    {
        using var response = await region.Client.GetAsync(new Uri(url), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, JsonNode.Parse(text));
    }
}
