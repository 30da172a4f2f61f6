using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingEndpoints;
using Meridian.Region.Metadata;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Region.Tests.ControlPlane;

public sealed class StreamingEndpointTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(1);

    private static string AccountId =>
        $"/subscriptions/{TestRegion.Subscription}/resourceGroups/{TestRegion.ResourceGroup}/providers/Microsoft.Media/mediaservices/{TestRegion.Account}";

    private static string AccountScope => $"{TestRegion.Subscription}/{TestRegion.ResourceGroup}/{TestRegion.Account}".ToLowerInvariant();

    [Fact]
    public async Task NewAccount_HasDefaultEndpoint_StoppedAndAmsShaped()
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        var (status, endpoint) = await region.GetAsync("streamingEndpoints/default");

        Assert.Equal(200, status);
        Assert.Equal("default", (string?)endpoint!["name"]);
        Assert.Equal("Microsoft.Media/mediaservices/streamingEndpoints", (string?)endpoint["type"]);
        Assert.Equal($"{AccountId}/streamingEndpoints/default", (string?)endpoint["id"]);
        Assert.Equal("local", (string?)endpoint["location"]);
        Assert.Equal("Standard", (string?)endpoint["sku"]!["name"]);
        var properties = endpoint["properties"]!;
        Assert.Equal("Stopped", (string?)properties["resourceState"]);
        Assert.Equal("Succeeded", (string?)properties["provisioningState"]);
        Assert.Equal(0, (int?)properties["scaleUnits"]);
        Assert.Equal("media1-region1.streaming.meridian.local", (string?)properties["hostName"]);
        Assert.Equal(region.Server.Addresses.Streaming.ToString().TrimEnd('/'), (string?)properties["streamingBaseUrl"]);
        var (_, list) = await region.GetAsync("streamingEndpoints");
        Assert.Equal("default", (string?)Assert.Single(list!["value"]!.AsArray())!["name"]);
        Assert.False(await IsAnyRunningAsync(region));
    }

    [Fact]
    public async Task Put_Create_Returns201WithLroHeaders_PollableUntilSucceeded()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var region = await StartAsync(Delay, time);
        var reply = await SendAsync(region, HttpMethod.Put, "streamingEndpoints/se1", new
        {
            location = "local",
            tags = new { team = "media" },
            properties = new { scaleUnits = 1, description = "premium", maxCacheAge = 60 },
        });

        Assert.Equal(201, reply.Status);
        var (asyncOperation, location) = AssertLroHeaders(region, reply, "se1");
        var properties = reply.Body!["properties"]!;
        Assert.Equal("InProgress", (string?)properties["provisioningState"]);
        Assert.Equal("Stopped", (string?)properties["resourceState"]);
        Assert.Equal("se1-media1-region1.streaming.meridian.local", (string?)properties["hostName"]);
        Assert.Equal("Premium", (string?)reply.Body["sku"]!["name"]);
        Assert.Equal(1, (int?)reply.Body["sku"]!["capacity"]);
        Assert.Equal("media", (string?)reply.Body["tags"]!["team"]);

        var operation = await SendAsync(region, HttpMethod.Get, asyncOperation);
        Assert.Equal(200, operation.Status);
        Assert.Equal("InProgress", (string?)operation.Body!["status"]);
        Assert.Equal(new Uri(asyncOperation).Segments[^1], (string?)operation.Body["name"]);
        Assert.StartsWith($"{AccountId}/streamingEndpointOperations/", (string?)operation.Body["id"], StringComparison.Ordinal);
        var polling = await SendAsync(region, HttpMethod.Get, location);
        Assert.Equal(202, polling.Status);
        Assert.NotNull(polling.Headers.Location);

        time.Advance(Delay);
        await WaitForAsync(region, asyncOperation, "Succeeded");
        var done = await SendAsync(region, HttpMethod.Get, location);
        Assert.Equal(200, done.Status);
        Assert.Equal("se1", (string?)done.Body!["name"]);
        Assert.Equal("Succeeded", (string?)done.Body["properties"]!["provisioningState"]);
        Assert.Equal("Stopped", (string?)done.Body["properties"]!["resourceState"]);
        Assert.Equal(60, (long?)done.Body["properties"]!["maxCacheAge"]);
    }

    [Fact]
    public async Task StartAndStop_GoThroughTransitionalStates_AndTheOriginSeesRunning()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var region = await StartAsync(Delay, time);

        var start = await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/start", new { });
        Assert.Equal(202, start.Status);
        var (startOperation, startLocation) = AssertLroHeaders(region, start, "default");
        Assert.Equal("Starting", await StateAsync(region, "default"));
        Assert.False(await IsAnyRunningAsync(region));
        Assert.Equal(202, (await SendAsync(region, HttpMethod.Get, startLocation)).Status);

        var conflict = await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/stop", new { });
        Assert.Equal(409, conflict.Status);
        Assert.Contains("busy", (string?)conflict.Body!["error"]!["message"], StringComparison.Ordinal);
        var again = await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/start", new { });
        Assert.Equal(202, again.Status);
        Assert.Equal(startOperation, again.Headers.GetValues("Azure-AsyncOperation").Single());

        time.Advance(Delay);
        await WaitForAsync(region, startOperation, "Succeeded");
        Assert.Equal("Running", await StateAsync(region, "default"));
        Assert.True(await IsAnyRunningAsync(region));
        var started = await SendAsync(region, HttpMethod.Get, startLocation);
        Assert.Equal(200, started.Status);
        Assert.Equal("Running", (string?)started.Body!["properties"]!["resourceState"]);

        var noOp = await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/start", new { });
        Assert.Equal(202, noOp.Status);
        Assert.Equal("Succeeded", (string?)(await SendAsync(region, HttpMethod.Get, noOp.Headers.GetValues("Azure-AsyncOperation").Single())).Body!["status"]);

        var stop = await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/stop", new { });
        Assert.Equal(202, stop.Status);
        var (stopOperation, _) = AssertLroHeaders(region, stop, "default");
        Assert.Equal("Stopping", await StateAsync(region, "default"));
        Assert.False(await IsAnyRunningAsync(region));
        time.Advance(Delay);
        await WaitForAsync(region, stopOperation, "Succeeded");
        Assert.Equal("Stopped", await StateAsync(region, "default"));
    }

    [Fact]
    public async Task Scale_GoesScalingThenBackToItsState_WithNewUnitsAndSku()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var region = await StartAsync(Delay, time);
        var start = await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/start", new { });
        time.Advance(Delay);
        await WaitForAsync(region, start.Headers.GetValues("Azure-AsyncOperation").Single(), "Succeeded");

        var scale = await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/scale", new { scaleUnit = 3 });

        Assert.Equal(202, scale.Status);
        var (operation, _) = AssertLroHeaders(region, scale, "default");
        Assert.Equal("Scaling", await StateAsync(region, "default"));
        Assert.True(await IsAnyRunningAsync(region));
        time.Advance(Delay);
        await WaitForAsync(region, operation, "Succeeded");
        var (_, endpoint) = await region.GetAsync("streamingEndpoints/default");
        Assert.Equal("Running", (string?)endpoint!["properties"]!["resourceState"]);
        Assert.Equal(3, (int?)endpoint["properties"]!["scaleUnits"]);
        Assert.Equal("Premium", (string?)endpoint["sku"]!["name"]);
        Assert.Equal(3, (int?)endpoint["sku"]!["capacity"]);
    }

    [Theory]
    [InlineData("""{"scaleUnit":11}""")]
    [InlineData("""{"scaleUnit":-1}""")]
    [InlineData("""{}""")]
    [InlineData("""{"scaleUnit":"two"}""")]
    public async Task Scale_Invalid_Returns400AndChangesNothing(string body)
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        var (_, before) = await region.GetAsync("streamingEndpoints/default");
        var (status, error) = await region.PostAsync("streamingEndpoints/default/scale", body);

        Assert.Equal(400, status);
        Assert.Equal("scaleUnit", (string?)error!["error"]!["target"]);
        var (_, after) = await region.GetAsync("streamingEndpoints/default");
        Assert.True(JsonNode.DeepEquals(before, after));
    }

    [Fact]
    public async Task Put_AutoStart_StartsTheNewEndpoint()
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        var reply = await SendAsync(region, HttpMethod.Put, "streamingEndpoints/live?autoStart=true", new { location = "local", properties = new { scaleUnits = 0 } });

        Assert.Equal(201, reply.Status);
        Assert.Equal("Starting", (string?)reply.Body!["properties"]!["resourceState"]);
        var (asyncOperation, _) = AssertLroHeaders(region, reply, "live");
        await WaitForAsync(region, asyncOperation, "Succeeded");
        Assert.Equal("Running", await StateAsync(region, "live"));
        Assert.True(await IsAnyRunningAsync(region));
        Assert.Equal(400, (await region.PutAsync("streamingEndpoints/other?autoStart=maybe", new { location = "local", properties = new { scaleUnits = 0 } })).Status);
    }

    [Fact]
    public async Task PutAndPatch_Existing_Return202AndKeepReadOnlyProperties()
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        var (_, before) = await region.GetAsync("streamingEndpoints/default");

        var put = await SendAsync(region, HttpMethod.Put, "streamingEndpoints/default", new { location = "local", properties = new { scaleUnits = 2, description = "changed" } });
        Assert.Equal(202, put.Status);
        var (operation, _) = AssertLroHeaders(region, put, "default");
        await WaitForAsync(region, operation, "Succeeded");
        var patch = await SendAsync(region, HttpMethod.Patch, "streamingEndpoints/default", new { properties = new { maxCacheAge = 30 } });
        Assert.Equal(202, patch.Status);
        AssertLroHeaders(region, patch, "default");

        var (_, after) = await region.GetAsync("streamingEndpoints/default");
        var properties = after!["properties"]!;
        Assert.Equal("changed", (string?)properties["description"]);
        Assert.Equal(2, (int?)properties["scaleUnits"]);
        Assert.Equal(30, (long?)properties["maxCacheAge"]);
        Assert.Equal("Succeeded", (string?)properties["provisioningState"]);
        Assert.Equal((string?)before!["properties"]!["created"], (string?)properties["created"]);
        Assert.Equal((string?)before["properties"]!["hostName"], (string?)properties["hostName"]);
        Assert.Equal("Stopped", (string?)properties["resourceState"]);
    }

    [Fact]
    public async Task Put_FullProperties_RoundTrip()
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        var (status, created) = await region.PutAsync("streamingEndpoints/edge", new
        {
            location = "local",
            properties = new
            {
                scaleUnits = 1,
                availabilitySetName = "set1",
                customHostNames = new[] { "streaming.contoso.com" },
                accessControl = new
                {
                    akamai = new
                    {
                        akamaiSignatureHeaderAuthenticationKeyList = new[]
                        {
                            new { identifier = "id1", base64Key = "dGVzdGlkMQ==", expiration = "2029-12-31T16:00:00-08:00" },
                        },
                    },
                    ip = new { allow = new object[] { new { name = "office", address = "192.168.1.0", subnetPrefixLength = 24 }, new { name = "v6", address = "2001:db8::1" } } },
                },
                crossSiteAccessPolicies = new
                {
                    clientAccessPolicy = "<access-policy><cross-domain-access><policy/></cross-domain-access></access-policy>",
                    crossDomainPolicy = "<?xml version=\"1.0\"?><!DOCTYPE cross-domain-policy SYSTEM \"http://www.adobe.com/xml/dtds/cross-domain-policy.dtd\"><cross-domain-policy><allow-access-from domain=\"*\"/></cross-domain-policy>",
                },
                cdnEnabled = false,
            },
        });

        Assert.Equal(201, status);
        var properties = created!["properties"]!;
        Assert.Equal("streaming.contoso.com", (string?)properties["customHostNames"]![0]);
        Assert.Equal("2030-01-01T00:00:00.0000000Z", (string?)properties["accessControl"]!["akamai"]!["akamaiSignatureHeaderAuthenticationKeyList"]![0]!["expiration"]);
        Assert.Equal(24, (int?)properties["accessControl"]!["ip"]!["allow"]![0]!["subnetPrefixLength"]);
        Assert.Equal("2001:db8::1", (string?)properties["accessControl"]!["ip"]!["allow"]![1]!["address"]);
        Assert.StartsWith("<access-policy>", (string?)properties["crossSiteAccessPolicies"]!["clientAccessPolicy"], StringComparison.Ordinal);
        Assert.Equal("set1", (string?)properties["availabilitySetName"]);
    }

    [Theory]
    [InlineData("bad_name", """{"location":"local","properties":{"scaleUnits":0}}""", null)]
    [InlineData("this-name-is-longer-than-24", """{"location":"local","properties":{"scaleUnits":0}}""", null)]
    [InlineData("se2", """{"properties":{"scaleUnits":0}}""", null)]
    [InlineData("se2", """{"location":"local","properties":{}}""", "properties.scaleUnits")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":11}}""", "properties.scaleUnits")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"maxCacheAge":-1}}""", "properties.maxCacheAge")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"cdnEnabled":true,"customHostNames":["a.contoso.com"]}}""", "properties.customHostNames")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"cdnEnabled":true,"accessControl":{"ip":{"allow":[]}}}}""", "properties.accessControl")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"cdnProvider":"MagicCdn"}}""", "properties.cdnProvider")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"customHostNames":["not a host"]}}""", "properties.customHostNames[0]")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"accessControl":{"ip":{"allow":[{"address":"300.1.1.1"}]}}}}""", "properties.accessControl.ip.allow[0].address")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"accessControl":{"ip":{"allow":[{"address":"10.0.0.0","subnetPrefixLength":33}]}}}}""", "properties.accessControl.ip.allow[0].subnetPrefixLength")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"accessControl":{"akamai":{"akamaiSignatureHeaderAuthenticationKeyList":[{"identifier":"a","base64Key":"!!","expiration":"2030-01-01T00:00:00Z"}]}}}}""", "properties.accessControl.akamai.akamaiSignatureHeaderAuthenticationKeyList[0].base64Key")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"crossSiteAccessPolicies":{"clientAccessPolicy":"<access-policy>"}}}""", "properties.crossSiteAccessPolicies.clientAccessPolicy")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"crossSiteAccessPolicies":{"crossDomainPolicy":"<html/>"}}}""", "properties.crossSiteAccessPolicies.crossDomainPolicy")]
    [InlineData("se2", """{"location":"local","properties":{"scaleUnits":0,"resourceState":"Flying"}}""", "properties.resourceState")]
    public async Task Put_Invalid_Returns400AndChangesNothing(string name, string body, string? target)
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        var (_, before) = await region.GetAsync("streamingEndpoints");

        var (status, error) = await region.PutAsync($"streamingEndpoints/{name}", body);

        Assert.Equal(400, status);
        if (target is not null)
        {
            // The same properties are refused on an update too.
            Assert.Equal(target, (string?)error!["error"]!["target"]);
            Assert.Equal(400, (await region.PutAsync("streamingEndpoints/default", body)).Status);
        }

        var (_, after) = await region.GetAsync("streamingEndpoints");
        Assert.True(JsonNode.DeepEquals(before, after));
    }

    [Fact]
    public async Task Create_ThirdEndpoint_IsRefused()
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        Assert.Equal(201, (await region.PutAsync("streamingEndpoints/second", new { location = "local", properties = new { scaleUnits = 0 } })).Status);

        var (status, error) = await region.PutAsync("streamingEndpoints/third", new { location = "local", properties = new { scaleUnits = 0 } });

        Assert.Equal(400, status);
        Assert.Equal("QuotaExceeded", (string?)error!["error"]!["code"]);
        Assert.Equal(404, (await region.GetAsync("streamingEndpoints/third")).Status);
        Assert.Equal(2, (await region.GetAsync("streamingEndpoints")).Body!["value"]!.AsArray().Count);
    }

    [Fact]
    public async Task Delete_RunningIsRefused_StoppedIsALongRunningOperation()
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/start", new { });
        Assert.Equal("Running", await StateAsync(region, "default"));

        var (refused, error) = await region.DeleteAsync("streamingEndpoints/default");
        Assert.Equal(400, refused);
        Assert.Contains("stop it", (string?)error!["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(200, (await region.GetAsync("streamingEndpoints/default")).Status);

        await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/stop", new { });
        var delete = await SendAsync(region, HttpMethod.Delete, "streamingEndpoints/default");
        Assert.Equal(202, delete.Status);
        var (asyncOperation, location) = AssertLroHeaders(region, delete, "default");
        await WaitForAsync(region, asyncOperation, "Succeeded");
        Assert.Equal(204, (await SendAsync(region, HttpMethod.Get, location)).Status);
        Assert.Equal(404, (await region.GetAsync("streamingEndpoints/default")).Status);
        Assert.Equal(204, (await region.DeleteAsync("streamingEndpoints/default")).Status);
    }

    [Fact]
    public async Task Restart_MidOperation_CompletesTheOperation()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var region = await StartAsync(Delay, time);
        var start = await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/start", new { });
        var operation = start.Headers.GetValues("Azure-AsyncOperation").Single();
        var path = new Uri(operation).AbsolutePath;

        await region.RestartAsync();

        var (status, pending) = await region.GetAsync(path);
        Assert.Equal(200, status);
        Assert.Equal("InProgress", (string?)pending!["status"]);
        Assert.Equal("Starting", await StateAsync(region, "default"));
        time.Advance(Delay);
        await WaitForAsync(region, path, "Succeeded");
        Assert.Equal("Running", await StateAsync(region, "default"));
    }

    [Fact]
    public async Task Skus_ListStandardAndPremium()
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        var (status, skus) = await region.GetAsync("streamingEndpoints/default/skus");

        Assert.Equal(200, status);
        var value = skus!["value"]!.AsArray();
        Assert.Equal(["Standard", "Premium"], value.Select(s => (string?)s!["sku"]!["name"]));
        Assert.Equal(10, (int?)value[1]!["capacity"]!["maximum"]);
        Assert.Equal("Microsoft.Media/mediaservices/streamingEndpoints", (string?)value[0]!["resourceType"]);
        Assert.Equal(404, (await region.GetAsync("streamingEndpoints/missing/skus")).Status);
    }

    [Fact]
    public async Task Operations_AreScopedToTheirAccount_AndGoWithIt()
    {
        await using var region = await StartAsync(TimeSpan.Zero);
        await region.CreateAccountAsync("media2");
        var start = await SendAsync(region, HttpMethod.Post, "streamingEndpoints/default/start", new { });
        var id = new Uri(start.Headers.GetValues("Azure-AsyncOperation").Single()).Segments[^1];

        Assert.Equal(200, (await region.GetAsync($"streamingEndpointOperations/{id}")).Status);
        var otherAccount = TestRegion.AccountPath.Replace("media1", "media2", StringComparison.Ordinal);
        Assert.Equal(404, (await region.GetAsync($"{otherAccount}/streamingEndpointOperations/{id}")).Status);
        Assert.Equal(404, (await region.GetAsync($"{otherAccount}/streamingEndpoints/default/operationLocations/{id}")).Status);
        Assert.Equal(404, (await region.GetAsync($"streamingEndpointOperations/{Guid.NewGuid()}")).Status);
        Assert.Equal(404, (await region.GetAsync("streamingEndpointOperations/not-an-id")).Status);

        Assert.Equal(200, (await region.DeleteAsync(TestRegion.AccountPath)).Status);
        var store = region.Server.Services.GetRequiredService<IMetadataStore>();
        var left = await store.ReadAsync(s => StreamingEndpointOperationStore.All(s).Count(o => o.AccountScope == AccountScope),
            TestContext.Current.CancellationToken);
        Assert.Equal(0, left);
    }

    [Fact]
    public async Task IsAnyRunning_ReadsStatesAndScalingOperations()
    {
        var directory = Path.Combine(Path.GetTempPath(), "meridian-state-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = new SqliteMetadataStore(Path.Combine(directory, "meta.db"));
            var state = new StreamingEndpointState(store);
            await PutEndpointAsync(store, "acct/a", "e1", StreamingEndpointResourceState.Stopped);
            await PutEndpointAsync(store, "acct/b", "e1", StreamingEndpointResourceState.Running);
            await PutEndpointAsync(store, "acct/c", "e1", StreamingEndpointResourceState.Scaling, StreamingEndpointResourceState.Running);
            await PutEndpointAsync(store, "acct/d", "e1", StreamingEndpointResourceState.Scaling, StreamingEndpointResourceState.Stopped);
            await PutEndpointAsync(store, "acct/e", "e1", StreamingEndpointResourceState.Stopped);
            await PutEndpointAsync(store, "acct/e", "e2", StreamingEndpointResourceState.Running);

            Assert.False(await state.IsAnyRunningAsync("acct/a", TestContext.Current.CancellationToken));
            Assert.True(await state.IsAnyRunningAsync("acct/b", TestContext.Current.CancellationToken));
            Assert.True(await state.IsAnyRunningAsync("ACCT/B", TestContext.Current.CancellationToken));
            Assert.True(await state.IsAnyRunningAsync("acct/c", TestContext.Current.CancellationToken));
            Assert.False(await state.IsAnyRunningAsync("acct/d", TestContext.Current.CancellationToken));
            Assert.True(await state.IsAnyRunningAsync("acct/e", TestContext.Current.CancellationToken));
            Assert.False(await state.IsAnyRunningAsync("acct/none", TestContext.Current.CancellationToken));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task PutEndpointAsync(
        SqliteMetadataStore store, string scope, string name, StreamingEndpointResourceState state, StreamingEndpointResourceState? scalingTo = null)
    {
        var document = new ResourceDocument { Name = name };
        document.Set(new StreamingEndpointProperties { ScaleUnits = 1, ResourceState = state });
        await store.WriteAsync(s =>
        {
            s.Put(new StoredResource(new ResourceKey(scope, StreamingEndpointKind.StoreKind, name), document.Serialize()));
            if (scalingTo is not null)
            {
                StreamingEndpointOperationStore.Put(s, new StreamingEndpointOperation
                {
                    Id = Guid.NewGuid().ToString(),
                    AccountScope = scope,
                    EndpointName = name,
                    Action = StreamingEndpointOperationAction.Scale,
                    FinalState = scalingTo,
                });
            }

            return 0;
        }, TestContext.Current.CancellationToken);
    }

    private static async Task<TestRegion> StartAsync(TimeSpan delay, FakeTimeProvider? time = null)
    {
        var region = await TestRegion.StartAsync(configureBuilder: builder =>
        {
            builder.Services.Configure<StreamingEndpointOptions>(o => o.TransitionDelay = delay);
            if (time is not null)
            {
                builder.Services.AddSingleton<TimeProvider>(time);
            }
        });
        await region.CreateAccountAsync();
        return region;
    }

    private static (string AsyncOperation, string Location) AssertLroHeaders(TestRegion region, Reply reply, string endpoint)
    {
        var origin = region.Server.Addresses.ControlPlane.ToString().TrimEnd('/');
        var asyncOperation = reply.Headers.GetValues("Azure-AsyncOperation").Single();
        var location = reply.Headers.Location!.ToString();
        Assert.Matches($"^{Escape(origin + AccountId)}/streamingEndpointOperations/[0-9a-f-]{{36}}\\?api-version=2022-08-01$", asyncOperation);
        Assert.Matches(
            $"^{Escape(origin + AccountId)}/streamingEndpoints/{endpoint}/operationLocations/[0-9a-f-]{{36}}\\?api-version=2022-08-01$", location);
        Assert.Equal(new Uri(asyncOperation).Segments[^1], new Uri(location).Segments[^1]);
        Assert.Equal(TimeSpan.FromSeconds(1), reply.Headers.RetryAfter!.Delta);
        return (asyncOperation, location);
    }

    private static string Escape(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    /// <summary>Polls an operation until it reaches <paramref name="status"/>; completion runs on a background task.</summary>
    private static async Task WaitForAsync(TestRegion region, string operation, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var reply = await SendAsync(region, HttpMethod.Get, operation);
            last = (string?)reply.Body?["status"];
            if (last == status)
            {
                return;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The operation is {last}, not {status}.");
    }

    private static async Task<string?> StateAsync(TestRegion region, string endpoint) =>
        (string?)(await region.GetAsync($"streamingEndpoints/{endpoint}")).Body!["properties"]!["resourceState"];

    private static Task<bool> IsAnyRunningAsync(TestRegion region) =>
        region.Server.Services.GetRequiredService<IStreamingEndpointState>().IsAnyRunningAsync(AccountScope, TestContext.Current.CancellationToken);

    private static async Task<Reply> SendAsync(TestRegion region, HttpMethod method, string pathOrUrl, object? body = null)
    {
        var url = pathOrUrl.StartsWith("http", StringComparison.Ordinal) ? pathOrUrl : TestRegion.Url(pathOrUrl);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await region.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Reply((int)response.StatusCode, response.Headers, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    private sealed record Reply(int Status, HttpResponseHeaders Headers, JsonNode? Body);
}
