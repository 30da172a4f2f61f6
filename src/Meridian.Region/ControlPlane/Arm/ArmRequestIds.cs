using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.Arm;

/// <summary>
/// The ids ARM puts on every response, which the Azure SDKs log and support cases quote: a new
/// <c>x-ms-request-id</c>, the client's <c>x-ms-correlation-request-id</c> (or the request id when it sent none),
/// and its <c>x-ms-client-request-id</c> echoed. Set as the response starts, so error bodies carry them too.
/// </summary>
public sealed class ArmRequestIds(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = Guid.NewGuid().ToString("D");
        var correlation = Single(context.Request.Headers["x-ms-correlation-request-id"]) ?? requestId;
        var client = Single(context.Request.Headers["x-ms-client-request-id"]);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["x-ms-request-id"] = requestId;
            headers["x-ms-correlation-request-id"] = correlation;
            if (client is not null)
            {
                headers["x-ms-client-request-id"] = client;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    // A client id is echoed only when it is one plain value, so a header cannot smuggle a line into the response.
    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) =>
        values is { Count: 1 } && values[0] is { Length: > 0 and <= 256 } value && !value.Any(char.IsControl) ? value : null;
}
