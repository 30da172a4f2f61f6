using System.Net.Http.Headers;
using System.Text;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.ControlPlane;

/// <summary>Bad input gets a clear 4xx in ARM shape and changes nothing.</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("assets/..%2F..%2Fetc")]
    [InlineData("assets/%2e%2e")]
    [InlineData("assets/%2E%2E/%2e%2e")]
    [InlineData("assets/../../x")]
    [InlineData("assets//etc/passwd")]
    [InlineData("assets/a%5Cb")]
    [InlineData("assets/.")]
    public async Task Put_TraversalTargets_Return400AndChangeNothing(string path)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var before = await SnapshotAsync(region);

        var (status, response) = await RawHttp.SendAsync(region.Server.Addresses.ControlPlane, "PUT",
            $"{TestRegion.AccountPath}/{path}?{TestRegion.ApiVersion}", """{"location":"x","properties":{}}""");

        Assert.Equal(400, status);
        Assert.Contains("\"error\"", response, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(region));
    }

    [Fact]
    public async Task Put_EncodedNulInTarget_IsRefusedByTheServerAndChangesNothing()
    {
        // Kestrel refuses a NUL in the target at the protocol level (a bare 400), before any application code runs.
        await using var region = await TestRegion.StartWithAccountAsync();
        var before = await SnapshotAsync(region);
        var (status, _) = await RawHttp.SendAsync(region.Server.Addresses.ControlPlane, "PUT",
            $"{TestRegion.AccountPath}/assets/a%00b?{TestRegion.ApiVersion}", "{}");
        Assert.Equal(400, status);
        Assert.Equal(before, await SnapshotAsync(region));
    }

    [Theory]
    [InlineData("a.mp4")]
    [InlineData("a:b")]
    [InlineData("a*b")]
    [InlineData("a+b")]
    [InlineData("it's")]
    [InlineData("a%25b")]
    [InlineData("a<b>")]
    [InlineData("a&b")]
    [InlineData("%20lead")]
    public async Task Put_InvalidAssetNames_Return400InvalidResourceName(string name)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var before = await SnapshotAsync(region);
        var (status, response) = await RawHttp.SendAsync(region.Server.Addresses.ControlPlane, "PUT",
            $"{TestRegion.AccountPath}/assets/{name}?{TestRegion.ApiVersion}", "{}");

        Assert.Equal(400, status);
        Assert.Contains("InvalidResourceName", response, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(region));
    }

    [Fact]
    public async Task Put_NameLongerThan260_Returns400()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.PutAsync("assets/" + new string('a', 261), new { });
        Assert.Equal(400, status);
        Assert.Equal("InvalidResourceName", (string?)body!["error"]!["code"]);
        Assert.Equal(201, (await region.PutAsync("assets/" + new string('a', 260), new { })).Status);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"string\"")]
    [InlineData("{\"properties\": \"string\"}")]
    [InlineData("{\"properties\": {\"description\": 123}}")]
    [InlineData("{\"properties\": {\"description\": [\"a\"]}}")]
    [InlineData("{\"properties\": {\"alternateId\": {\"x\": 1}}}")]
    [InlineData("{\"properties\": {\"container\": 5}}")]
    [InlineData("{\"properties\": {\"description\": \"ok\"}")]
    public async Task Put_BadJsonOrWrongTypes_Return400AndCreateNothing(string body)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, error) = await region.SendAsync(HttpMethod.Put, "assets/a1", body);

        Assert.Equal(400, status);
        Assert.Equal("InvalidRequestContent", (string?)error!["error"]!["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["error"]!["message"]));
        Assert.Equal(404, (await region.GetAsync("assets/a1")).Status);
    }

    [Theory]
    [InlineData("PUT", "assets/a2", """{"properties":{},"properties":{}}""")]
    [InlineData("PATCH", "assets/a1", """{"properties":{"description":"a","description":"b"}}""")]
    [InlineData("PATCH", "assets/a1", """{"properties":{"description":"a","Description":"b"}}""")]
    [InlineData("PUT", "contentKeyPolicies/p1", """{"properties":{"options":[{"configuration":{"@odata.type":"#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration","@odata.type":"#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration"},"restriction":{"@odata.type":"#Microsoft.Media.ContentKeyPolicyOpenRestriction"}}]}}""")]
    [InlineData("PUT", "streamingPolicies/s1", """{"properties":{"noEncryption":{"enabledProtocols":{"download":false,"download":true,"dash":true,"hls":true,"smoothStreaming":true}}}}""")]
    [InlineData("PATCH", "", """{"location":"local","location":"local"}""")]
    public async Task Body_NamingAPropertyTwice_Is400AndChangesNothing(string method, string path, string body)
    {
        // Duplicates once reached the store's reader as a 500, or were read as the last of them.
        await using var region = await TestRegion.StartWithAccountAsync();
        Assert.Equal(201, (await region.PutAsync("assets/a1", new { properties = new { description = "kept" } })).Status);
        var before = await SnapshotAsync(region);

        var (status, error) = await region.SendAsync(new HttpMethod(method), path.Length == 0 ? TestRegion.AccountPath : path, body);

        Assert.Equal(400, status);
        Assert.Equal("InvalidRequestContent", (string?)error!["error"]!["code"]);
        Assert.Equal(before, await SnapshotAsync(region));
    }

    [Theory]
    [InlineData("contentKeyPolicies/p1", """{"properties":{"options":"x"}}""", "an array")]
    [InlineData("assets/a1", """{"properties":{"description":123}}""", "a string")]
    [InlineData("streamingLocators/l1", """{"properties":{"assetName":"a","streamingPolicyName":"Predefined_ClearStreamingOnly","startTime":true}}""",
        "date-time")]
    public async Task Put_WrongTypes_SayWhatJsonWasExpected_NotADotNetType(string path, string body, string expected)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, error) = await region.SendAsync(HttpMethod.Put, path, body);
        Assert.Equal(400, status);
        var message = (string?)error!["error"]!["message"];
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Meridian.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_IllFormedUtf8_Returns400AndStoresNothing()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var prefix = System.Text.Encoding.UTF8.GetBytes("{\"properties\":{\"description\":\"");
        var body = prefix.Concat(new byte[] { 0xff, 0xfe, (byte)'x' }).Concat(System.Text.Encoding.UTF8.GetBytes("\"}}")).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Put, TestRegion.Url("assets/a1")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await region.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(404, (await region.GetAsync("assets/a1")).Status);
    }

    [Fact]
    public async Task Put_DeeplyNestedJson_Returns400()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var body = "{\"properties\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) + "}";
        var (status, error) = await region.SendAsync(HttpMethod.Put, "assets/a1", body);
        Assert.Equal(400, status);
        Assert.Equal("InvalidRequestContent", (string?)error!["error"]!["code"]);
    }

    [Fact]
    public async Task Put_OversizedBody_Returns413AndCreatesNothing()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var big = "{\"properties\":{\"description\":\"" + new string('x', 5 * 1024 * 1024) + "\"}}";
        var (status, error) = await region.SendAsync(HttpMethod.Put, "assets/a1", big);

        Assert.Equal(413, status);
        Assert.Equal("RequestEntityTooLarge", (string?)error!["error"]!["code"]);
        Assert.Equal(404, (await region.GetAsync("assets/a1")).Status);
    }

    [Fact]
    public async Task Put_ChunkedOversizedBody_Returns413()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 5 * 1024 * 1024) + "{}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, TestRegion.Url("assets/a1")) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await region.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(413, (int)response.StatusCode);
    }

    [Fact]
    public async Task Put_NonJsonContentType_Returns415()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        using var content = new StringContent("<asset/>", Encoding.UTF8, "application/xml");
        using var response = await region.Client.PutAsync(TestRegion.Url("assets/a1"), content, TestContext.Current.CancellationToken);
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal(404, (await region.GetAsync("assets/a1")).Status);
    }

    [Theory]
    [InlineData("", "MissingApiVersionParameter")]
    [InlineData("api-version=1999-01-01", "InvalidApiVersionParameter")]
    public async Task Request_WithoutValidApiVersion_Returns400(string query, string code)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.SendAsync(HttpMethod.Get, "assets", apiVersion: query);
        Assert.Equal(400, status);
        Assert.Equal(code, (string?)body!["error"]!["code"]);
    }

    [Theory]
    [InlineData("api-version=2018-07-01")]
    [InlineData("api-version=2020-05-01")]
    [InlineData("api-version=2021-05-01")]
    [InlineData("api-version=2023-01-01")]
    public async Task Request_WithAnyGaApiVersionOfAmsV3_IsAnswered(string query)
    {
        // Code written against the first v3 SDKs sends 2018-07-01 or 2020-05-01.
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.SendAsync(HttpMethod.Put, "assets/a1", new { properties = new { description = "old sdk" } }, apiVersion: query);
        Assert.Equal(201, status);
        Assert.Equal("old sdk", (string?)body!["properties"]!["description"]);
        Assert.Equal(200, (await region.SendAsync(HttpMethod.Get, "assets/a1", apiVersion: query)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer wrong-key")]
    public async Task Request_WithoutValidCredential_Returns401InArmShapeAndChangesNothing(string? authorization)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, response) = await RawHttp.SendAsync(region.Server.Addresses.ControlPlane, "PUT",
            $"{TestRegion.AccountPath}/assets/a1?{TestRegion.ApiVersion}", "{}", authorization);

        Assert.Equal(401, status);
        Assert.Contains("WWW-Authenticate: Bearer", response, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("\"code\":\"(AuthenticationFailed|InvalidAuthenticationToken)\"", response);
        Assert.Equal(404, (await region.GetAsync("assets/a1")).Status);
    }

    [Fact]
    public async Task Request_ToUnknownCollectionOrMethod_ReturnsArmError()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (notFound, body) = await region.GetAsync("widgets/w1");
        Assert.Equal(404, notFound);
        Assert.Equal("NotFound", (string?)body!["error"]!["code"]);

        var (notAllowed, _) = await region.SendAsync(HttpMethod.Post, "assets", "{}");
        Assert.Equal(405, notAllowed);
    }

    [Theory]
    [InlineData("DELETE", "assets/a1/assetFilter", 404)]
    [InlineData("DELETE", "assets/a1/whatever/x", 404)]
    [InlineData("PATCH", "assets/a1/assetFilter", 404)]
    [InlineData("PUT", "assets/a1/assetFilters", 405)]
    [InlineData("PUT", "assets/a1/listContainerSas", 405)]
    [InlineData("DELETE", "assets/a1/listContainerSas", 405)]
    public async Task WriteBelowAResource_IsRefusedAndLeavesTheResource(string method, string path, int expected)
    {
        // A typo in a sub-collection's name once fell through to the resource: DELETE assets/a1/assetFilter deleted a1.
        await using var region = await TestRegion.StartWithAccountAsync();
        Assert.Equal(201, (await region.PutAsync("assets/a1", new { properties = new { description = "kept" } })).Status);
        var before = await SnapshotAsync(region);

        var (status, body) = await region.SendAsync(new HttpMethod(method), path, """{"properties":{"description":"changed"}}""");

        Assert.Equal(expected, status);
        Assert.NotNull(body!["error"]!["code"]);
        Assert.Equal(before, await SnapshotAsync(region));
        Assert.Equal("kept", (string?)(await region.GetAsync("assets/a1")).Body!["properties"]!["description"]);
    }

    [Fact]
    public async Task Bodies_MayStartWithAByteOrderMark_AndResponsesKeepQuotesAndPlusSignsReadable()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("""{"properties":{"description":"it's a+b"}}""")).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Put, TestRegion.Url("assets/a1")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await region.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Contains("\"it's a+b\"", text, StringComparison.Ordinal);
        var (_, missing) = await RawHttp.SendAsync(region.Server.Addresses.ControlPlane, "GET",
            $"{TestRegion.AccountPath}/assets/nope?{TestRegion.ApiVersion}", null);
        Assert.Contains("'nope'", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryResponse_CarriesArmRequestIds_ErrorsToo()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        foreach (var (path, status) in new[] { ("assets", 200), ("assets/missing", 404) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, TestRegion.Url(path));
            request.Headers.Add("x-ms-client-request-id", "client-1");
            request.Headers.Add("x-ms-correlation-request-id", "corr-1");
            using var response = await region.Client.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(status, (int)response.StatusCode);
            Assert.True(Guid.TryParse(response.Headers.GetValues("x-ms-request-id").Single(), out _));
            Assert.Equal("client-1", response.Headers.GetValues("x-ms-client-request-id").Single());
            Assert.Equal("corr-1", response.Headers.GetValues("x-ms-correlation-request-id").Single());
        }

        using var anonymous = new HttpClient();
        using var unauthenticated = await anonymous.GetAsync(new Uri(region.Server.Addresses.ControlPlane, TestRegion.Url("assets")), TestContext.Current.CancellationToken);
        Assert.Equal(401, (int)unauthenticated.StatusCode);
        Assert.Equal(unauthenticated.Headers.GetValues("x-ms-request-id").Single(), unauthenticated.Headers.GetValues("x-ms-correlation-request-id").Single());
    }

    [Fact]
    public async Task WorkAfterACommit_ThatFails_IsLoggedNotThrown_AndTheRestStillRuns()
    {
        // An asset delete whose container removal failed once answered 500 although the asset was gone.
        await using var region = await TestRegion.StartWithAccountAsync();
        var endpoints = region.Server.Services.GetRequiredService<Meridian.Region.ControlPlane.Resources.ResourceEndpoints>();
        var ran = new List<string>();

        await endpoints.RunAfterCommitAsync(
        [
            () => throw new IOException("disk went away"),
            () =>
            {
                ran.Add("second");
                return Task.CompletedTask;
            },
        ]);

        Assert.Equal(["second"], ran);
    }

    private static async Task<string> SnapshotAsync(TestRegion region)
    {
        var (_, assets) = await region.GetAsync("assets");
        var (_, account) = await region.GetAsync(TestRegion.AccountPath);
        var files = Directory.GetFileSystemEntries(region.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("meridian.db", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        return assets!.ToJsonString() + account!.ToJsonString() + string.Join('\n', files);
    }
}
