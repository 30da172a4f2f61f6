using Meridian.Region.ControlPlane.Arm;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.Auth;

/// <summary>Every control-plane call needs <c>Authorization: Bearer &lt;credential&gt;</c>; otherwise a 401 in ARM shape.</summary>
public sealed class ApiKeyAuthentication(RequestDelegate next, ApiKeyStore keys)
{
    public const string CallerItem = "meridian.caller";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            throw new ArmException(401, "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing or is not 'Bearer <credential>'.");
        }

        if (!keys.IsValid(header.AsSpan(Prefix.Length).Trim()))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            throw new ArmException(401, "InvalidAuthenticationToken", "The access token is invalid.");
        }

        context.Items[CallerItem] = "meridian-apikey";
        await next(context);
    }
}
