using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<(long Sequence, string Subscription), Task> _inFlight = new();
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
        try
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

                    var wait = await StartDueAsync(stoppingToken);
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
        finally
        {
            // Attempts cut short by the stop record nothing and are sent again by the next start.
            await Task.WhenAll(_inFlight.Values);
        }
    }

    /// <summary>
    /// Starts an attempt for each due queue head that has none running, up to the concurrency limit, and returns how long
    /// to wait before looking again. A finished attempt records its outcome and then wakes the loop, so a queue's next
    /// event is read only after the previous one's acknowledgement is stored.
    /// </summary>
    private async Task<TimeSpan> StartDueAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, task) in _inFlight)
        {
            if (task.IsCompleted)
            {
                _inFlight.TryRemove(key, out _);
            }
        }

        var now = _time.GetUtcNow();
        if (now >= _nextPrune)
        {
            _nextPrune = now + TimeSpan.FromMinutes(10);
            await _store.WriteAsync(session => session.PruneEvents(now - _options.EventRetention), cancellationToken);
        }

        var running = _inFlight.Count;
        var heads = await _store.ReadAsync(session => session.NextDeliveries(_options.MaxConcurrentDeliveries + running)
            .Where(head => !_inFlight.ContainsKey((head.Event.Sequence, head.Subscription)))
            .Select(head => (Head: head, Url: EndpointOf(session, head)))
            .ToList(), cancellationToken);
        var slots = _options.MaxConcurrentDeliveries - running;
        foreach (var (head, url) in heads.Where(h => h.Head.NextAttempt <= now).Take(Math.Max(0, slots)))
        {
            _inFlight[(head.Event.Sequence, head.Subscription)] = DeliverAsync(head, url, cancellationToken);
        }

        var later = heads.Where(h => h.Head.NextAttempt > now).Select(h => h.Head.NextAttempt - now).DefaultIfEmpty(_options.PollInterval).Min();
        return later < _options.PollInterval ? later : _options.PollInterval;
    }

    private async Task DeliverAsync(PendingDelivery head, Uri? url, CancellationToken cancellationToken)
    {
        try
        {
            if (await AttemptAsync(head, url, cancellationToken) is not { } delivered)
            {
                return;
            }

            var recorded = _time.GetUtcNow();
            var attempts = head.Attempts + 1;
            var status = delivered ? EventDeliveryStatus.Delivered :
                attempts >= _options.MaxDeliveryAttempts || recorded >= head.Event.Time + _options.EventTimeToLive ? EventDeliveryStatus.Abandoned :
                EventDeliveryStatus.Pending;
            if (status == EventDeliveryStatus.Abandoned)
            {
                LogAbandoned(_logger, head.Event.Id, head.Subscription, attempts);
            }

            await _store.WriteAsync(session =>
            {
                session.UpdateDelivery(head.Event.Sequence, head.Subscription, status, attempts, recorded + _options.RetryDelay(attempts));
                return 0;
            }, CancellationToken.None);
        }
#pragma warning disable CA1031 // A failed record leaves the delivery pending: it is attempted again (at least once).
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogLoopFailed(_logger, error);
        }
        finally
        {
            Volatile.Read(ref _wake).TrySetResult();
        }
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

    /// <summary>
    /// Waits (at most about a second, in real time: this is no schedule) until the transaction that woke the sender has
    /// committed or rolled back.
    /// </summary>
    private async Task AwaitCommitAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && _store.Generation <= Interlocked.Read(ref _wakeGeneration); i++)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    [LoggerMessage(2201, LogLevel.Error, "Event delivery round failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(2202, LogLevel.Warning, "Event {EventId} was not delivered to subscription {Subscription} after {Attempts} attempts; abandoned")]
    private static partial void LogAbandoned(ILogger logger, string eventId, string subscription, int attempts);

    [LoggerMessage(2203, LogLevel.Debug, "Event {EventId} to subscription {Subscription} failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string eventId, string subscription, string reason);
}
