using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Auth;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Hosting;
using Meridian.Region.Metadata;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>
/// The read-only GETs around streaming endpoints that are not resources: the two polling URLs of an operation
/// (<c>Azure-AsyncOperation</c> and <c>Location</c>) and the SKU list.
/// </summary>
public sealed class StreamingEndpointOperationEndpoints(IMetadataStore store, StreamingEndpointKind kind, RegionContext region, TimeProvider time)
{
    /// <summary><c>GET .../streamingEndpointOperations/{id}</c>: <c>{name, id, status, startTime, endTime, error?}</c>.</summary>
    public async Task GetOperationAsync(HttpContext http, string subscription, string resourceGroup, string account, string operationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var json = await store.ReadAsync(session =>
        {
            var request = NewRequest(http, session, subscription, resourceGroup, account);
            var operation = FindOperation(request, operationId, null);
            var result = new JsonObject
            {
                ["name"] = operation.Id,
                ["id"] = $"{request.Account.Id}/streamingEndpointOperations/{operation.Id}",
                ["status"] = operation.Status.ToString(),
                ["startTime"] = ArmJson.ToNode(operation.StartTime),
                ["endTime"] = operation.EndTime is { } end ? ArmJson.ToNode(end) : null,
            };
            if (operation.Error is { } error)
            {
                result["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
            }

            return result;
        }, http.RequestAborted);
        await ResourceEndpoints.WriteJsonAsync(http, StatusCodes.Status200OK, json, null);
    }

    /// <summary>
    /// <c>GET .../streamingEndpoints/{name}/operationLocations/{id}</c>: 202 while the operation runs, then 200 with the
    /// endpoint, 204 after a delete, or the operation's error.
    /// </summary>
    public async Task GetOperationLocationAsync(
        HttpContext http, string subscription, string resourceGroup, string account, string endpointName, string operationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        kind.ValidateName(endpointName);
        var (status, json, headers) = await store.ReadAsync(session =>
        {
            var request = NewRequest(http, session, subscription, resourceGroup, account);
            var operation = FindOperation(request, operationId, endpointName);
            switch (operation.Status)
            {
                case AsyncOperationStatus.InProgress:
                    StreamingEndpointOperations.Accept(request, operation);
                    request.ResponseHeaders.Remove("Azure-AsyncOperation");
                    return (StatusCodes.Status202Accepted, (JsonObject?)null, (IReadOnlyDictionary<string, string>?)request.ResponseHeaders);
                case AsyncOperationStatus.Failed:
                    var error = operation.Error ?? new ArmErrorDetail("OperationFailed", "The operation failed.");
                    return (StatusCodes.Status409Conflict, (JsonObject?)ArmErrors.Body(new ArmException(409, error.Code, error.Message, endpointName)), null);
                default:
                    if (operation.Action == StreamingEndpointOperationAction.Delete)
                    {
                        return (StatusCodes.Status204NoContent, null, null);
                    }

                    var endpoint = request.Find(kind, endpointName) ?? throw ArmException.NotFound(kind.DisplayName, endpointName);
                    return (StatusCodes.Status200OK, (JsonObject?)ResourceEndpoints.Present(request, kind, endpoint), null);
            }
        }, http.RequestAborted);
        await ResourceEndpoints.WriteJsonAsync(http, status, json, headers);
    }

    /// <summary><c>GET .../streamingEndpoints/{name}/skus</c>: Standard (no units) and Premium (1 to 10 units).</summary>
    public async Task GetSkusAsync(HttpContext http, string subscription, string resourceGroup, string account, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(http);
        kind.ValidateName(endpointName);
        await store.ReadAsync(session =>
        {
            var request = NewRequest(http, session, subscription, resourceGroup, account);
            return request.Require(kind, endpointName);
        }, http.RequestAborted);
        var json = new JsonObject
        {
            ["value"] = new JsonArray(
                Sku("Standard", "None", 0, 0, 0),
                Sku("Premium", "Manual", 1, 1, StreamingEndpointValidator.MaxScaleUnits)),
        };
        await ResourceEndpoints.WriteJsonAsync(http, StatusCodes.Status200OK, json, null);
    }

    private static JsonObject Sku(string name, string scaleType, int defaultUnits, int minimum, int maximum) => new()
    {
        ["resourceType"] = "Microsoft.Media/mediaservices/streamingEndpoints",
        ["capacity"] = new JsonObject { ["scaleType"] = scaleType, ["default"] = defaultUnits, ["minimum"] = minimum, ["maximum"] = maximum },
        ["sku"] = new JsonObject { ["name"] = name },
    };

    /// <summary>The operation with this id in the request's account (and on this endpoint), or a 404.</summary>
    private static StreamingEndpointOperation FindOperation(ResourceRequest request, string operationId, string? endpointName)
    {
        var operation = Guid.TryParse(operationId, out _) ? StreamingEndpointOperationStore.Get(request.Session, operationId.ToLowerInvariant()) : null;
        if (operation is null || operation.AccountScope != request.Account.Scope ||
            (endpointName is not null && !string.Equals(operation.EndpointName, endpointName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArmException(404, "ResourceNotFound", $"The streaming endpoint operation '{operationId}' was not found.", operationId);
        }

        return operation;
    }

    private ResourceRequest NewRequest(HttpContext http, IMetadataSession session, string subscription, string resourceGroup, string account)
    {
        NameRules.Subscription(subscription);
        NameRules.ResourceGroup(resourceGroup);
        NameRules.Account(account.ToLowerInvariant());
        return new ResourceRequest
        {
            Session = session,
            Account = ResourceEndpoints.ResolveAccount(session, new AccountScope(subscription, resourceGroup, account)),
            Caller = http.Items[ApiKeyAuthentication.CallerItem] as string ?? "unknown",
            Now = time.GetUtcNow(),
            Http = http,
            Region = region,
        };
    }
}
