using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.Arm;

/// <summary>Writes ARM error bodies.</summary>
public static class ArmErrors
{
    public static JsonObject Body(ArmException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var inner = new JsonObject
        {
            ["code"] = error.Code,
            ["message"] = error.Message,
        };
        if (error.Target is not null)
        {
            inner["target"] = error.Target;
        }

        var details = new JsonArray();
        foreach (var detail in error.Details)
        {
            var item = new JsonObject { ["code"] = detail.Code, ["message"] = detail.Message };
            if (detail.Target is not null)
            {
                item["target"] = detail.Target;
            }

            details.Add(item);
        }

        inner["details"] = details;
        return new JsonObject { ["error"] = inner };
    }

    public static async Task WriteAsync(HttpContext context, ArmException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["x-ms-failure-cause"] = error.StatusCode >= 500 ? "service" : "gateway";
        await context.Response.WriteAsync(Body(error).ToJsonString(ArmJson.Options), context.RequestAborted);
    }
}
