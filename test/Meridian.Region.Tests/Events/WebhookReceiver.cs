using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.Tests.Events;

/// <summary>
/// A webhook on 127.0.0.1 (free port) that records every POST in arrival order and answers 500 to the first
/// <see cref="FailFirst"/> of them, then 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<WebhookAttempt> _attempts = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _closing = new();
    private int _received;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>How many POSTs (counted from the first) fail with 500.</summary>
    public int FailFirst { get; set; }

    /// <summary>How long each answer takes (a slow or hung subscriber).</summary>
    public TimeSpan ResponseDelay { get; set; }

    public IReadOnlyList<WebhookAttempt> Attempts
    {
        get
        {
            lock (_lock)
            {
                return [.. _attempts];
            }
        }
    }

    /// <summary>The events of the acknowledged (2xx) POSTs, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Acknowledged => [.. Attempts.Where(a => a.Status == 200).SelectMany(a => a.Events)];

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { FailFirst = failFirst };
        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First().TrimEnd('/') + "/hook");
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds, or fails the test after <paramref name="seconds"/>.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(this))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The webhook did not get what was expected; {Attempts.Count} attempts so far.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _app.DisposeAsync();
        _closing.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        if (ResponseDelay > TimeSpan.Zero)
        {
            try
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _closing.Token);
                await Task.Delay(ResponseDelay, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var status = Interlocked.Increment(ref _received) <= FailFirst ? 500 : 200;
        lock (_lock)
        {
            _attempts.Add(new WebhookAttempt(
                status,
                [.. body!.AsArray().Select(e => e!.AsObject())],
                context.Request.Headers["aeg-event-type"].FirstOrDefault(),
                context.Request.ContentType));
        }

        context.Response.StatusCode = status;
    }
}
