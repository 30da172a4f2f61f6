using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.Tests.Players;

/// <summary>
/// Serves a folder on 127.0.0.1 (free port) with CORS as a streaming origin would (any origin, preflight for custom
/// headers, Content-Length and Content-Range exposed), so a player page on another loopback origin can fetch from it.
/// An optional <c>authorize</c> rule answers 401 to requests it rejects. Every request is logged.
/// </summary>
public sealed class LoopbackStaticServer : IAsyncDisposable
{
    private static readonly Dictionary<string, string> _contentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".m3u8"] = "application/vnd.apple.mpegurl",
        [".mpd"] = "application/dash+xml",
        [".mp4"] = "video/mp4",
        [".m4s"] = "video/iso.segment",
        [".ts"] = "video/mp2t",
        [".key"] = "application/octet-stream",
    };

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ServedRequest> _log;

    private LoopbackStaticServer(WebApplication app, ConcurrentQueue<ServedRequest> log, Uri baseUri)
    {
        _app = app;
        _log = log;
        BaseUri = baseUri;
    }

    /// <summary>The server's root URL, ending with a slash.</summary>
    public Uri BaseUri { get; }

    public IReadOnlyList<ServedRequest> Requests => [.. _log];

    public Uri Url(string relativePath) => new(BaseUri, relativePath);

    public static async Task<LoopbackStaticServer> StartAsync(string root, Func<HttpContext, bool>? authorize = null)
    {
        var fullRoot = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var log = new ConcurrentQueue<ServedRequest>();
        app.Run(async context =>
        {
            var status = await ServeAsync(context, fullRoot, authorize);
            log.Enqueue(new ServedRequest(
                context.Request.Method, context.Request.Path.Value ?? "", status, context.Request.Headers.Authorization.FirstOrDefault()));
        });
        await app.StartAsync();
        var address = app.Urls.First();
        return new LoopbackStaticServer(app, log, new Uri(address.TrimEnd('/') + "/"));
    }

    private static async Task<int> ServeAsync(HttpContext context, string root, Func<HttpContext, bool>? authorize)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "Content-Length, Content-Range";
        if (HttpMethods.IsOptions(request.Method))
        {
            response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
            response.Headers.AccessControlAllowHeaders = request.Headers.AccessControlRequestHeaders;
            response.Headers.AccessControlMaxAge = "600";
            response.StatusCode = StatusCodes.Status204NoContent;
            return response.StatusCode;
        }

        if (authorize is not null && !authorize(context))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return response.StatusCode;
        }

        var path = Path.GetFullPath(Path.Combine(root, Uri.UnescapeDataString(request.Path.Value ?? "").TrimStart('/')));
        if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return response.StatusCode;
        }

        response.ContentType = _contentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
        response.ContentLength = new FileInfo(path).Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.SendFileAsync(path, context.RequestAborted);
        }

        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
