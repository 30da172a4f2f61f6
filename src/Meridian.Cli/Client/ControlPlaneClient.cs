using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Meridian.Cli.Client;

/// <summary>
/// A thin ARM client for one Media Services account: adds the api-version and bearer credential, turns ARM error bodies
/// into <see cref="ApiException"/> and follows <c>@odata.nextLink</c> on lists.
/// </summary>
public sealed class ControlPlaneClient : IDisposable
{
    public const string ApiVersion = "2022-08-01";

    private readonly HttpClient _http;

    public ControlPlaneClient(Connection connection, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = connection.ControlPlane;
        _http.Timeout = TimeSpan.FromSeconds(100);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
    }

    public Connection Connection { get; }

    /// <summary>Escapes one name for a URL path segment.</summary>
    public static string Segment(string name) => Uri.EscapeDataString(name);

    /// <summary>
    /// Sends a request. <paramref name="path"/> is relative to the account (<c>assets/a1</c>) unless it starts with '/'.
    /// Throws <see cref="ApiException"/> when the answer is not a success.
    /// </summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = path.StartsWith('/') ? path : $"{Connection.AccountPath}/{path}";
        var url = new Uri(_http.BaseAddress!, $"{full.TrimStart('/')}{(full.Contains('?', StringComparison.Ordinal) ? '&' : '?')}api-version={ApiVersion}");
        return await SendAsync(method, url, body, cancellationToken);
    }

    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<ApiResponse> PutAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<ApiResponse> PostAsync(string path, JsonNode? body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body ?? new JsonObject(), cancellationToken);

    /// <summary>Deletes a resource; true if it existed (200), false if it was already gone (204).</summary>
    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Delete, path, null, cancellationToken)).Status != 204;

    /// <summary>Every item of a collection, following <c>@odata.nextLink</c>.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string collection, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        var page = (await GetAsync(collection, cancellationToken)).RequiredBody;
        while (true)
        {
            if (page["value"] is JsonArray values)
            {
                items.AddRange(values.OfType<JsonObject>());
            }

            if (page["@odata.nextLink"]?.GetValue<string>() is not { Length: > 0 } next)
            {
                return items;
            }

            page = (await SendAsync(HttpMethod.Get, new Uri(_http.BaseAddress!, next), null, cancellationToken)).RequiredBody;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<ApiResponse> SendAsync(HttpMethod method, Uri url, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        JsonNode? json = null;
        if (text.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                json = null;
            }
        }

        if (!response.IsSuccessStatusCode)
        {
            throw ToError(status, response.ReasonPhrase, json, text);
        }

        return new ApiResponse(status, json as JsonObject);
    }

    /// <summary>Reads an ARM error body (<c>{"error":{"code","message"}}</c>); anything else becomes <c>HttpNNN</c>.</summary>
    internal static ApiException ToError(int status, string? reason, JsonNode? json, string text)
    {
        if (json?["error"] is JsonObject error && error["code"] is JsonValue code && code.TryGetValue<string>(out var codeText))
        {
            var message = error["message"] is JsonValue m && m.TryGetValue<string>(out var messageText) ? messageText : reason ?? "";
            return new ApiException(status, codeText, message);
        }

        var detail = text.Length is > 0 and <= 500 ? text.Trim() : reason ?? "no details";
        return new ApiException(status, $"Http{status}", detail);
    }
}
