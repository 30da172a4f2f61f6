using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.ControlPlane.Arm;

/// <summary>Turns refusals into ARM error bodies, and anything unexpected into a 500 that leaks no internals.</summary>
public sealed partial class ArmExceptionMiddleware(RequestDelegate next, ILogger<ArmExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (ArmException error) when (!context.Response.HasStarted)
        {
            await ArmErrors.WriteAsync(context, error);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted)
        {
            await ArmErrors.WriteAsync(context, new ArmException(error.StatusCode, "BadRequest", error.Message));
        }
        catch (SqliteException error) when (error.SqliteErrorCode == 19 && !context.Response.HasStarted)
        {
            // SQLITE_CONSTRAINT: a unique value (e.g. a streamingLocatorId) is taken.
            await ArmErrors.WriteAsync(context, new ArmException(409, "Conflict", "A resource with the same unique identifier already exists."));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path, error);
            await ArmErrors.WriteAsync(context, new ArmException(500, "InternalServerError",
                $"An internal error occurred. Correlation id: {context.TraceIdentifier}."));
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Unhandled error for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception error);
}
