using System.Collections.Concurrent;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>
/// Runs streaming endpoint operations. <see cref="Begin"/> records an operation in the request's transaction and
/// answers with the ARM long-running-operation headers; once the transaction commits, the operation completes after
/// <see cref="StreamingEndpointOptions.TransitionDelay"/> (on the injected <see cref="TimeProvider"/>). A starting
/// region completes the operations a stop interrupted.
/// </summary>
public sealed partial class StreamingEndpointOperations(
    IMetadataStore store,
    TimeProvider time,
    IOptions<StreamingEndpointOptions> options,
    ILogger<StreamingEndpointOperations> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Task> _scheduled = new();

    /// <summary>
    /// Records a new operation on an endpoint and sets the response's LRO headers. The caller has checked that no
    /// other operation is in progress (<see cref="RequireIdle"/>) and set the endpoint's transitional state.
    /// </summary>
    public StreamingEndpointOperation Begin(
        ResourceRequest request, string endpointName, StreamingEndpointOperationAction action, StreamingEndpointResourceState? finalState)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operation = NewOperation(request, endpointName, action) with
        {
            FinalState = finalState,
            DueTime = request.Now + options.Value.TransitionDelay,
        };
        StreamingEndpointOperationStore.Put(request.Session, operation);
        Accept(request, operation);
        request.AfterCommit.Add(() => ScheduleAsync(operation));
        return operation;
    }

    /// <summary>
    /// Moves an endpoint through <paramref name="transitional"/> to <paramref name="final"/> (start, stop). An endpoint
    /// already there succeeds at once; one on its way there answers with the operation under way; any other
    /// operation in progress is a 409.
    /// </summary>
    public void Transition(
        ResourceRequest request,
        StreamingEndpointKind kind,
        ResourceDocument endpoint,
        StreamingEndpointOperationAction action,
        StreamingEndpointResourceState transitional,
        StreamingEndpointResourceState final)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(endpoint);
        var properties = endpoint.Get<StreamingEndpointProperties>();
        if (StreamingEndpointOperationStore.Pending(request.Session, request.Account.Scope, endpoint.Name) is { } pending)
        {
            if (pending.FinalState != final || properties.ResourceState != transitional)
            {
                throw Busy(endpoint.Name, pending);
            }

            Accept(request, pending);
        }
        else if (properties.ResourceState == final)
        {
            Done(request, endpoint.Name, action);
        }
        else
        {
            endpoint.Set(properties with { ResourceState = transitional });
            request.Store(kind, endpoint);
            Begin(request, endpoint.Name, action, final);
        }
    }

    /// <summary>Records an operation that had nothing to do (start a running endpoint), so that clients can poll it as any other.</summary>
    private StreamingEndpointOperation Done(ResourceRequest request, string endpointName, StreamingEndpointOperationAction action)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operation = NewOperation(request, endpointName, action) with
        {
            Status = AsyncOperationStatus.Succeeded,
            DueTime = request.Now,
            EndTime = request.Now,
        };
        StreamingEndpointOperationStore.Put(request.Session, operation);
        Accept(request, operation);
        return operation;
    }

    /// <summary>Sets the headers that point the client at an operation.</summary>
    public static void Accept(ResourceRequest request, StreamingEndpointOperation operation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operation);
        request.ResponseHeaders["Azure-AsyncOperation"] = AsyncOperationUrl(request.Http.Request, request.Account, operation.Id);
        request.ResponseHeaders["Location"] = OperationLocationUrl(request.Http.Request, request.Account, operation.EndpointName, operation.Id);
        request.ResponseHeaders["Retry-After"] = "1";
    }

    /// <summary>Throws a 409 if an operation is in progress on the endpoint.</summary>
    public static void RequireIdle(ResourceRequest request, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StreamingEndpointOperationStore.Pending(request.Session, request.Account.Scope, endpointName) is { } pending)
        {
            throw Busy(endpointName, pending);
        }
    }

    public static ArmException Busy(string endpointName, StreamingEndpointOperation pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return ArmException.Conflict(
            $"The streaming endpoint '{endpointName}' is busy: a {pending.Action.ToString().ToLowerInvariant()} operation ({pending.Id}) " +
            "is in progress. Wait for it to finish and try again.", endpointName);
    }

    /// <summary>The <c>Azure-AsyncOperation</c> URL: <c>.../mediaservices/{account}/streamingEndpointOperations/{id}</c>.</summary>
    public static string AsyncOperationUrl(HttpRequest http, AccountScope account, string operationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(account);
        return $"{http.Scheme}://{http.Host}{http.PathBase}{account.Id}/streamingEndpointOperations/{operationId}?api-version={ApiVersion(http)}";
    }

    /// <summary>The <c>Location</c> URL: <c>.../streamingEndpoints/{name}/operationLocations/{id}</c>.</summary>
    public static string OperationLocationUrl(HttpRequest http, AccountScope account, string endpointName, string operationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(account);
        return $"{http.Scheme}://{http.Host}{http.PathBase}{account.Id}/streamingEndpoints/{endpointName}/operationLocations/{operationId}" +
            $"?api-version={ApiVersion(http)}";
    }

    /// <summary>Schedules the unfinished operations of an earlier run.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var unfinished = await store.ReadAsync(
            session => StreamingEndpointOperationStore.All(session).Where(o => o.Status == AsyncOperationStatus.InProgress).ToList(),
            cancellationToken);
        foreach (var operation in unfinished)
        {
            await ScheduleAsync(operation);
        }
    }

    /// <summary>Stops waiting; operations still due complete when the region starts again.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_scheduled.Values).WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private StreamingEndpointOperation NewOperation(ResourceRequest request, string endpointName, StreamingEndpointOperationAction action)
    {
        Prune(request.Session, request.Now - options.Value.OperationRetention);
        return new StreamingEndpointOperation
        {
            Id = Guid.NewGuid().ToString(),
            AccountScope = request.Account.Scope,
            EndpointName = endpointName,
            Action = action,
            Status = AsyncOperationStatus.InProgress,
            StartTime = request.Now,
        };
    }

    private static void Prune(IMetadataSession session, DateTimeOffset before)
    {
        foreach (var old in StreamingEndpointOperationStore.All(session).Where(o => o.EndTime < before).ToList())
        {
            StreamingEndpointOperationStore.Delete(session, old.Id);
        }
    }

    private static string ApiVersion(HttpRequest http) => Uri.EscapeDataString(http.Query["api-version"].ToString());

    private Task ScheduleAsync(StreamingEndpointOperation operation)
    {
        var delay = operation.DueTime - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return CompleteAsync(operation.Id);
        }

        if (!_stopping.IsCancellationRequested)
        {
            var task = CompleteLaterAsync(operation.Id, delay);
            _scheduled[operation.Id] = task;
            _ = task.ContinueWith(_ => _scheduled.TryRemove(operation.Id, out var _), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return Task.CompletedTask;
    }

    private async Task CompleteLaterAsync(string id, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await CompleteAsync(id);
    }

    private async Task CompleteAsync(string id)
    {
        try
        {
            await store.WriteAsync(session => Complete(session, id, time.GetUtcNow()));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogCompletionFailed(logger, id, error);
        }
    }

    /// <summary>Gives the endpoint its final state and marks the operation done; does nothing if it already is.</summary>
    private static bool Complete(IMetadataSession session, string id, DateTimeOffset now)
    {
        var operation = StreamingEndpointOperationStore.Get(session, id);
        if (operation is not { Status: AsyncOperationStatus.InProgress })
        {
            return false;
        }

        if (operation.Action != StreamingEndpointOperationAction.Delete)
        {
            var stored = session.Get(new ResourceKey(operation.AccountScope, StreamingEndpointKind.StoreKind, operation.EndpointName));
            if (stored is null)
            {
                StreamingEndpointOperationStore.Put(session, operation with
                {
                    Status = AsyncOperationStatus.Failed,
                    EndTime = now,
                    Error = new ArmErrorDetail("ResourceNotFound", $"The streaming endpoint '{operation.EndpointName}' was deleted before the operation finished."),
                });
                return true;
            }

            var document = ResourceDocument.Deserialize(stored.Body);
            document.Set(document.Get<StreamingEndpointProperties>() with
            {
                ResourceState = operation.FinalState,
                ProvisioningState = StreamingEndpointKind.Succeeded,
            });
            session.Put(stored with { Body = document.Serialize() });
        }

        StreamingEndpointOperationStore.Put(session, operation with { Status = AsyncOperationStatus.Succeeded, EndTime = now });
        return true;
    }

    [LoggerMessage(2101, LogLevel.Error, "Streaming endpoint operation {OperationId} could not complete; it completes when the region restarts")]
    private static partial void LogCompletionFailed(ILogger logger, string operationId, Exception error);
}
