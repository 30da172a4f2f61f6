using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Meridian.Region.ControlPlane.Arm;

/// <summary>
/// Refuses request targets with dot segments (plain or percent-encoded), empty segments, backslashes, encoded slashes or
/// control characters. ARM paths never contain them, and the server would otherwise normalize <c>assets/%2e%2e</c> into the
/// parent resource's path (RFC 3986 §5.2.4) and act on something the caller did not name.
/// </summary>
public sealed class RawTargetGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? raw[..query] : raw;
        if (!IsClean(path))
        {
            throw new ArmException(400, "InvalidRequestUri",
                "The request path has an empty, '.' or '..' segment, a backslash, an encoded slash or a control character.");
        }

        return next(context);
    }

    internal static bool IsClean(string rawPath)
    {
        if (!rawPath.StartsWith('/') || rawPath.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(rawPath);
        }
        catch (UriFormatException)
        {
            return false;
        }

        if (decoded.Contains('\\', StringComparison.Ordinal) || decoded.Any(char.IsControl) ||
            rawPath.Contains("%2f", StringComparison.OrdinalIgnoreCase) || rawPath.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var segment in decoded.Split('/'))
        {
            if (segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
