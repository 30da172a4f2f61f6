using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Events;
using Meridian.Region.Metadata;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.Events;

/// <summary>Starts regions with fast retries and raises job events through the sink as the job runner does.</summary>
internal static class EventTestSupport
{
    public static readonly AccountScope Account = new(TestRegion.Subscription, TestRegion.ResourceGroup, TestRegion.Account);

    public static async Task<TestRegion> StartAsync(int maxAttempts = 30)
    {
        var region = await TestRegion.StartAsync(configureBuilder: builder => builder.Services.Configure<EventDeliveryOptions>(o =>
        {
            o.InitialRetryDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(80);
            o.PollInterval = TimeSpan.FromMilliseconds(50);
            o.RequestTimeout = TimeSpan.FromSeconds(5);
            o.MaxDeliveryAttempts = maxAttempts;
        }));
        await region.CreateAccountAsync();
        return region;
    }

    public static JobEventContext Job(string transform, string job, IReadOnlyDictionary<string, string>? correlation = null) =>
        new(Account, transform, job, correlation ?? new Dictionary<string, string>());

    /// <summary>Runs <paramref name="raise"/> with the region's sink inside one metadata write transaction.</summary>
    public static Task RaiseAsync(TestRegion region, Action<IMetadataSession, IJobEventSink> raise)
    {
        var store = region.Server.Services.GetRequiredService<IMetadataStore>();
        var sink = region.Server.Services.GetRequiredService<IJobEventSink>();
        return store.WriteAsync(session =>
        {
            raise(session, sink);
            return 0;
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>A job's life Queued → Scheduled → Processing → Finished, one transaction per transition (6 events).</summary>
    public static async Task RunJobAsync(TestRegion region, JobEventContext job)
    {
        foreach (var (from, to) in new[] { ("Queued", "Scheduled"), ("Scheduled", "Processing"), ("Processing", "Finished") })
        {
            await RaiseAsync(region, (session, sink) => sink.JobStateChanged(session, job, from, to));
        }
    }

    /// <summary>Every event of the test account, oldest first, read through the pull endpoint.</summary>
    public static async Task<List<JsonObject>> AllEventsAsync(TestRegion region)
    {
        var (status, body) = await region.GetAsync("events?$top=1000");
        Assert.Equal(200, status);
        return [.. body!["value"]!.AsArray().Select(e => e!.AsObject())];
    }

    public static Task<(int Status, JsonNode? Body)> SubscribeAsync(
        TestRegion region, string name, Uri url, string[]? types = null, string? subjectBeginsWith = null) =>
        region.PutAsync($"eventSubscriptions/{name}", new
        {
            properties = new
            {
                destination = new { endpointType = "WebHook", endpointUrl = url.ToString() },
                filter = new { includedEventTypes = types, subjectBeginsWith },
            },
        });

    /// <summary>Waits until no delivery is pending (all delivered or abandoned).</summary>
    public static async Task DrainAsync(TestRegion region, int seconds = 30)
    {
        var store = region.Server.Services.GetRequiredService<IMetadataStore>();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (await store.ReadAsync(s => s.NextDeliveries(1).Count, TestContext.Current.CancellationToken) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Deliveries are still pending.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static string Id(JsonObject e) => e["id"]!.GetValue<string>();

    public static string Subject(JsonObject e) => e["subject"]!.GetValue<string>();

    public static string Type(JsonObject e) => e["eventType"]!.GetValue<string>();
}
