using Meridian.Region.ControlPlane.StreamingEndpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the streaming endpoint GETs that the generic resource dispatcher does not serve: an operation's status under
/// the account (two segments that are no resource), its Location poll (204 once the endpoint is deleted) and the SKUs.
/// Their literal segments take precedence over the dispatcher's catch-all route.
/// </summary>
public static class StreamingEndpointRouteBuilderExtensions
{
    /// <param name="endpoints">The control plane's routes.</param>
    /// <param name="accountTemplate">The account's route, with <c>{subscription}</c>, <c>{resourceGroup}</c> and <c>{account}</c>.</param>
    public static IEndpointRouteBuilder MapStreamingEndpointOperations(this IEndpointRouteBuilder endpoints, string accountTemplate)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(accountTemplate + "/streamingEndpointOperations/{operationId}",
            (HttpContext http, string subscription, string resourceGroup, string account, string operationId, StreamingEndpointOperationEndpoints handler) =>
                handler.GetOperationAsync(http, subscription, resourceGroup, account, operationId));
        endpoints.MapGet(accountTemplate + "/streamingEndpoints/{endpointName}/operationLocations/{operationId}",
            (HttpContext http, string subscription, string resourceGroup, string account, string endpointName, string operationId,
                StreamingEndpointOperationEndpoints handler) =>
                handler.GetOperationLocationAsync(http, subscription, resourceGroup, account, endpointName, operationId));
        endpoints.MapGet(accountTemplate + "/streamingEndpoints/{endpointName}/skus",
            (HttpContext http, string subscription, string resourceGroup, string account, string endpointName, StreamingEndpointOperationEndpoints handler) =>
                handler.GetSkusAsync(http, subscription, resourceGroup, account, endpointName));
        return endpoints;
    }
}
