using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>A webhook on 127.0.0.1 (free port) that answers 200 and keeps every event it is sent, in arrival order.</summary>
public sealed class WebhookInbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JsonObject> _events = [];
    private readonly Lock _lock = new();

    private WebhookInbox(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<WebhookInbox> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var inbox = new WebhookInbox(app);
        app.MapPost("/hook", inbox.HandleAsync);
        await app.StartAsync();
        inbox.Url = new Uri(app.Urls.First().TrimEnd('/') + "/hook");
        return inbox;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        lock (_lock)
        {
            _events.AddRange(body!.AsArray().Select(e => e!.DeepClone().AsObject()));
        }

        context.Response.StatusCode = 200;
    }
}
