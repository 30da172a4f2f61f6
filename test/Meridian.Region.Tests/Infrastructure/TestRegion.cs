using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Meridian.Region.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Meridian.Region.Tests.Infrastructure;

/// <summary>
/// A real region server on loopback (free ports, a temp data directory) with an HTTP client that carries the bearer
/// credential. <see cref="RestartAsync"/> stops it and starts a new process-equivalent over the same data.
/// </summary>
public sealed class TestRegion : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-0123456789abcdef";
    public const string Subscription = "00000000-0000-0000-0000-000000000001";
    public const string ResourceGroup = "rg1";
    public const string Account = "media1";
    public const string ApiVersion = "api-version=2022-08-01";

    private readonly Action<RegionOptions>? _configure;
    private readonly Action<WebApplicationBuilder>? _configureBuilder;
    private readonly bool _ownsDirectory;

    private TestRegion(string dataDirectory, bool ownsDirectory, Action<RegionOptions>? configure, Action<WebApplicationBuilder>? configureBuilder)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        _configure = configure;
        _configureBuilder = configureBuilder;
    }

    public string DataDirectory { get; }

    public RegionServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Base path of the test account, e.g. <c>/subscriptions/.../mediaServices/media1</c>.</summary>
    public static string AccountPath => $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Media/mediaServices/{Account}";

    public static async Task<TestRegion> StartAsync(
        Action<RegionOptions>? configure = null,
        Action<WebApplicationBuilder>? configureBuilder = null,
        string? dataDirectory = null,
        string name = "region1")
    {
        var owns = dataDirectory is null;
        var dir = dataDirectory ?? Path.Combine(Path.GetTempPath(), "meridian-test-" + Guid.NewGuid().ToString("N"));
        var region = new TestRegion(dir, owns, configure, configureBuilder) { Name = name };
        await region.BootAsync();
        return region;
    }

    public string Name { get; private init; } = "region1";

    /// <summary>Starts a region with the test account created.</summary>
    public static async Task<TestRegion> StartWithAccountAsync(Action<RegionOptions>? configure = null)
    {
        var region = await StartAsync(configure);
        await region.CreateAccountAsync();
        return region;
    }

    public async Task CreateAccountAsync(string account = Account)
    {
        var path = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Media/mediaServices/{account}?{ApiVersion}";
        using var response = await Client.PutAsJsonAsync(path, new { location = "local" });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Account create failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task RestartAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await BootAsync();
    }

    /// <summary>Sends a request to the control plane; <paramref name="path"/> is relative to the account unless it starts with '/'.</summary>
    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null, string apiVersion = ApiVersion)
    {
        using var request = new HttpRequestMessage(method, Url(path, apiVersion));
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    public Task<(int Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonNode? Body)> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    public Task<(int Status, JsonNode? Body)> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<(int Status, JsonNode? Body)> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body ?? new { });

    public Task<(int Status, JsonNode? Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>The absolute URL for a control-plane path.</summary>
    public static string Url(string path, string apiVersion = ApiVersion)
    {
        var full = path.StartsWith('/') ? path : $"{AccountPath}/{path}";
        if (apiVersion.Length == 0)
        {
            return full;
        }

        return full + (full.Contains('?', StringComparison.Ordinal) ? "&" : "?") + apiVersion;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task BootAsync()
    {
        var options = new RegionOptions { Name = Name, DataDirectory = DataDirectory };
        options.ApiKeys.Add(ApiKey);
        _configure?.Invoke(options);
        Server = RegionServer.Create(options, _configureBuilder);
        await Server.StartAsync();
        Client = new HttpClient { BaseAddress = Server.Addresses.ControlPlane };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }
}
