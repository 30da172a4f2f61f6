using System.Net.Http.Headers;
using System.Text;
using Meridian.Region.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Region.Events;

/// <summary>
/// Sends the outbox to webhook subscriptions: each event as a one-element JSON array with <c>aeg-event-type: Notification</c>.
/// A 2xx answer marks it delivered; anything else is retried with exponential backoff until
/// <see cref="EventDeliveryOptions.MaxDeliveryAttempts"/> or <see cref="EventDeliveryOptions.EventTimeToLive"/> runs out.
/// Per subscription and subject (one job) events go strictly in order: the next waits until the previous is delivered
/// or abandoned. All state is in the metadata store, so a restarted region resumes where the last one stopped; an event
/// whose acknowledgement was not recorded is sent again (at least once).
/// </summary>
public sealed partial class EventDelivery : BackgroundService
{
    private readonly IMetadataStore _store;
    private readonly TimeProvider _time;
    private readonly EventDeliveryOptions _options;
    private readonly ILogger<EventDelivery> _logger;
    private readonly HttpClient _http;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _wakeGeneration = -1;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public EventDelivery(IMetadataStore store, TimeProvider time, IOptions<EventDeliveryOptions> options, ILogger<EventDelivery> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = _options.RequestTimeout,
        };
    }

    /// <summary>
    /// Tells the sender that an event is being queued. Called inside the writing transaction, so the sender waits for
    /// the store's generation to move (the commit) before it reads.
    /// </summary>
    public void Wake()
    {
        Interlocked.Exchange(ref _wakeGeneration, _store.Generation);
        Volatile.Read(ref _wake).TrySetResult();
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            try
            {
                if (wake.Task.IsCompleted)
                {
                    await AwaitCommitAsync(stoppingToken);
                }

                var wait = await RunOnceAsync(stoppingToken);
                if (wait > TimeSpan.Zero)
                {
                    await Task.WhenAny(Volatile.Read(ref _wake).Task, Task.Delay(wait, _time, stoppingToken));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The sender must outlive a failed read or write; the outbox keeps the work.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogLoopFailed(_logger, error);
                await Task.Delay(_options.PollInterval, _time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Sends what is due once; returns how long to wait before the next round.</summary>
    internal async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now >= _nextPrune)
        {
            _nextPrune = now + TimeSpan.FromMinutes(10);
            await _store.WriteAsync(session => session.PruneEvents(now - _options.EventRetention), cancellationToken);
        }

        var heads = await _store.ReadAsync(session => session.NextDeliveries(_options.MaxConcurrentDeliveries)
            .Select(head => (Head: head, Url: EndpointOf(session, head)))
            .ToList(), cancellationToken);
        var due = heads.Where(h => h.Head.NextAttempt <= now).ToList();
        if (due.Count == 0)
        {
            return heads.Count == 0 ? _options.PollInterval : TimeSpan.FromTicks(Math.Min(_options.PollInterval.Ticks, (heads.Min(h => h.Head.NextAttempt) - now).Ticks));
        }

        var outcomes = await Task.WhenAll(due.Select(d => AttemptAsync(d.Head, d.Url, cancellationToken)));
        var recorded = _time.GetUtcNow();
        await _store.WriteAsync(session =>
        {
            foreach (var (head, delivered) in due.Select(d => d.Head).Zip(outcomes).Where(o => o.Second is not null))
            {
                var attempts = head.Attempts + 1;
                var status = delivered == true ? EventDeliveryStatus.Delivered :
                    attempts >= _options.MaxDeliveryAttempts || recorded >= head.Event.Time + _options.EventTimeToLive ? EventDeliveryStatus.Abandoned :
                    EventDeliveryStatus.Pending;
                if (status == EventDeliveryStatus.Abandoned)
                {
                    LogAbandoned(_logger, head.Event.Id, head.Subscription, attempts);
                }

                session.UpdateDelivery(head.Event.Sequence, head.Subscription, status, attempts, recorded + _options.RetryDelay(attempts));
            }

            return 0;
        }, CancellationToken.None);
        return TimeSpan.Zero;
    }

    private static Uri? EndpointOf(IMetadataSession session, PendingDelivery head)
    {
        var stored = session.Get(new ResourceKey(head.Event.Scope, EventSubscriptionKind.StoreKind, head.Subscription));
        var url = stored is null ? null :
            ControlPlane.Resources.ResourceDocument.Deserialize(stored.Body).Get<EventSubscriptionProperties>().Destination?.EndpointUrl;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>One POST: true on 2xx, false on any other answer or failure, null if the region is stopping (not an attempt).</summary>
    private async Task<bool?> AttemptAsync(PendingDelivery head, Uri? url, CancellationToken cancellationToken)
    {
        if (url is null)
        {
            return false;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent("[" + head.Event.Body + "]", Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.Add("aeg-event-type", "Notification");
            request.Headers.Add("aeg-subscription-name", head.Subscription.ToUpperInvariant());
            request.Headers.Add("aeg-delivery-count", head.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
        {
            LogAttemptFailed(_logger, head.Event.Id, head.Subscription, error.Message);
            return false;
        }
    }

    /// <summary>Waits (briefly) until the transaction that woke the sender has committed or rolled back.</summary>
    private async Task AwaitCommitAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.PollInterval;
        while (_store.Generation <= Interlocked.Read(ref _wakeGeneration) && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), _time, cancellationToken);
        }
    }

    [LoggerMessage(2201, LogLevel.Error, "Event delivery round failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(2202, LogLevel.Warning, "Event {EventId} was not delivered to subscription {Subscription} after {Attempts} attempts; abandoned")]
    private static partial void LogAbandoned(ILogger logger, string eventId, string subscription, int attempts);

    [LoggerMessage(2203, LogLevel.Debug, "Event {EventId} to subscription {Subscription} failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string eventId, string subscription, string reason);
}
