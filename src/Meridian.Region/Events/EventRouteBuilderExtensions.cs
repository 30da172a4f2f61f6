using Meridian.Region.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the account's event pull endpoint; its literal segment takes precedence over the resource dispatcher's catch-all.</summary>
public static class EventRouteBuilderExtensions
{
    /// <param name="endpoints">The control plane's routes.</param>
    /// <param name="accountTemplate">The account's route, with <c>{subscription}</c>, <c>{resourceGroup}</c> and <c>{account}</c>.</param>
    public static IEndpointRouteBuilder MapAccountEvents(this IEndpointRouteBuilder endpoints, string accountTemplate)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(accountTemplate + "/events",
            (HttpContext http, string subscription, string resourceGroup, string account, EventEndpoints handler) =>
                handler.ListAsync(http, subscription, resourceGroup, account));
        return endpoints;
    }
}
