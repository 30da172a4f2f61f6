using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// The key delivery listener, the successor of <c>{account}.keydelivery.{region}.media.azure.net</c>:
/// <list type="bullet">
/// <item><c>GET|POST /?kid={keyId}</c>: the raw 16-byte AES-128 key for envelope encryption.</item>
/// <item><c>POST /ClearKey/</c>: a W3C EME ClearKey license for the key ids of the request.</item>
/// <item><c>/PlayReady/</c>, <c>/Widevine/</c>, <c>/FairPlay/</c>: 501; DRM licenses need vendor agreements, so they come
/// from a license server named in the streaming policy's custom license URL templates.</item>
/// </list>
/// Tokens come from <c>Authorization: Bearer</c> or <c>?token=</c>. Refusals carry a generic body per status (401 not
/// authorized, 403 an address the account's <c>keyDelivery.accessControl</c> does not allow, 404 unknown key or locator
/// out of its window, 400 malformed); the log says which check failed.
/// Browsers call it cross-origin (EME license requests come from the page), so every answer carries CORS headers.
/// </summary>
public sealed class KeyDeliveryEndpoint(
    ContentKeyResolver resolver,
    KeyAuthorizer authorizer,
    TokenUseCounter uses,
    KeyDeliveryOptions options,
    ILogger<KeyDeliveryEndpoint> logger)
{
    private const string LicenseUrlHelp =
        "Meridian does not issue {0} licenses: they need a vendor agreement. Run a license server and point the streaming " +
        "policy's custom license acquisition URL template at it.";

    private static readonly JsonSerializerOptions LicenseJson = new() { PropertyNamingPolicy = null };

    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var response = http.Response;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsOptions(request.Method))
        {
            Preflight(http);
            return;
        }

        var path = (request.Path.Value ?? "").TrimEnd('/');
        var drm = path.ToUpperInvariant() switch
        {
            "/PLAYREADY" => "PlayReady",
            "/WIDEVINE" => "Widevine",
            "/FAIRPLAY" => "FairPlay",
            _ => null,
        };
        try
        {
            if (path.Length == 0)
            {
                await EnvelopeAsync(http);
            }
            else if (path.Equals("/ClearKey", StringComparison.OrdinalIgnoreCase))
            {
                await ClearKeyAsync(http);
            }
            else if (drm is not null)
            {
                KeyDeliveryLog.NotImplemented(logger, drm, path);
                await ErrorAsync(http, 501, "NotImplemented", string.Format(null, LicenseUrlHelp, drm));
            }
            else
            {
                await ErrorAsync(http, 404, "NotFound", "Key delivery serves '/?kid={keyId}' and '/ClearKey/'.");
            }
        }
        catch (KeyDeliveryException ex)
        {
            KeyDeliveryLog.Refused(logger, ex.KeyId, ex.Status, ex.Reason);
            var (code, message) = ex.Status switch
            {
                404 => ("NotFound", "No content key with this id can be delivered."),
                403 => ("Forbidden", "Keys of this account are not delivered to this address."),
                _ => ("Unauthorized", "The request is not authorized to receive this key."),
            };
            if (ex.Status == 401)
            {
                response.Headers.WWWAuthenticate = "Bearer";
            }

            await ErrorAsync(http, ex.Status, code, message);
        }
        catch (BadKeyRequestException ex)
        {
            KeyDeliveryLog.Malformed(logger, path, ex.Message);
            await ErrorAsync(http, 400, "BadRequest", ex.Message);
        }
    }

    private async Task EnvelopeAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST, OPTIONS";
            await ErrorAsync(http, 405, "MethodNotAllowed", "Use GET or POST.");
            return;
        }

        var kidText = http.Request.Query["kid"];
        if (kidText.Count != 1 || !TryParseKeyId(kidText[0], out var keyId))
        {
            throw new BadKeyRequestException("'kid' must be one content key id (a GUID), e.g. '?kid=6000a4b1-0000-0000-0000-000000000001'.");
        }

        var token = Token(http.Request);
        var (key, use) = await authorizer.AuthorizeAnyAsync(Reachable(http, await resolver.ResolveAsync(keyId, http.RequestAborted)), token);
        await SpendAsync(use, keyId, http.RequestAborted);
        KeyDeliveryLog.Delivered(logger, keyId, "Envelope", key.LocatorId, key.PolicyName);
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = key.Value.Length;
        await http.Response.Body.WriteAsync(key.Value, http.RequestAborted);
    }

    private async Task ClearKeyAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "POST, OPTIONS";
            await ErrorAsync(http, 405, "MethodNotAllowed", "POST a ClearKey license request: {\"kids\":[\"base64url\"],\"type\":\"temporary\"}.");
            return;
        }

        var (kids, type) = await ReadLicenseRequestAsync(http);
        var token = Token(http.Request);
        var keys = new List<ClearKeyLicenseKey>(kids.Count);
        var spends = new List<(TokenUse Use, Guid KeyId)>();
        var resolved = new List<ResolvedContentKey>(kids.Count);
        foreach (var (kid, keyId) in kids)
        {
            var (key, granted) = await authorizer.AuthorizeAnyAsync(Reachable(http, await resolver.ResolveAsync(keyId, http.RequestAborted)), token);
            if (granted is { } use && spends.TrueForAll(s => s.Use.Id != use.Id))
            {
                spends.Add((use, keyId));
            }

            resolved.Add(key);
            keys.Add(new ClearKeyLicenseKey("oct", kid, Base64Url.EncodeToString(key.Value)));
        }

        foreach (var (use, keyId) in spends)
        {
            await SpendAsync(use, keyId, http.RequestAborted);
        }

        foreach (var key in resolved)
        {
            KeyDeliveryLog.Delivered(logger, key.KeyId, "ClearKey", key.LocatorId, key.PolicyName);
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, new ClearKeyLicense(keys, type), LicenseJson, http.RequestAborted);
    }

    private async Task<(List<(string Kid, Guid KeyId)> Kids, string Type)> ReadLicenseRequestAsync(HttpContext http)
    {
        if (http.Request.ContentLength > options.MaxLicenseRequestBytes)
        {
            throw new BadKeyRequestException($"A license request is at most {options.MaxLicenseRequestBytes} bytes.");
        }

        var body = new byte[options.MaxLicenseRequestBytes + 1];
        var length = 0;
        int read;
        while (length < body.Length && (read = await http.Request.Body.ReadAsync(body.AsMemory(length), http.RequestAborted)) > 0)
        {
            length += read;
        }

        if (length > options.MaxLicenseRequestBytes)
        {
            throw new BadKeyRequestException($"A license request is at most {options.MaxLicenseRequestBytes} bytes.");
        }

        const string Shape = "The body must be a ClearKey license request: {\"kids\":[\"<base64url key id>\",...],\"type\":\"temporary\"}.";
        try
        {
            using var document = JsonDocument.Parse(body.AsMemory(0, length));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kids", out var array) ||
                array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            {
                throw new BadKeyRequestException(Shape);
            }

            if (array.GetArrayLength() > options.MaxKidsPerLicense)
            {
                throw new BadKeyRequestException($"A license request names at most {options.MaxKidsPerLicense} key ids.");
            }

            var type = "temporary";
            if (root.TryGetProperty("type", out var typeElement))
            {
                type = typeElement.ValueKind == JsonValueKind.String && typeElement.GetString() is "temporary" or "persistent-license"
                    ? typeElement.GetString()!
                    : throw new BadKeyRequestException("'type' must be \"temporary\" or \"persistent-license\".");
            }

            var kids = new List<(string, Guid)>();
            Span<byte> bytes = stackalloc byte[16];
            foreach (var item in array.EnumerateArray())
            {
                var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new BadKeyRequestException(Shape);
                if (text.Length > 24 || Base64Url.DecodeFromChars(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done ||
                    written != 16)
                {
                    throw new BadKeyRequestException("Each key id in 'kids' must be 16 bytes in base64url (22 characters, no padding).");
                }

                // EME key ids are the UUID bytes in network order, as in the PSSH box and default_KID.
                var keyId = new Guid(bytes, bigEndian: true);
                if (!kids.Exists(k => k.Item2 == keyId))
                {
                    kids.Add((text.TrimEnd('='), keyId));
                }
            }

            return (kids, type);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8 or UTF-16 (a lone surrogate escape), read by GetString.
            throw new BadKeyRequestException(Shape);
        }
    }

    // The account's IP rule comes before any token is looked at. All of a key's locators are of one account.
    private static IReadOnlyList<ResolvedContentKey> Reachable(HttpContext http, IReadOnlyList<ResolvedContentKey> keys) =>
        keys[0].AccessControl.Allows(http.Connection.RemoteIpAddress)
            ? keys
            : throw KeyDeliveryException.Forbidden(KeyDenial.AddressNotAllowed, keys[0].KeyId);

    private async Task SpendAsync(TokenUse? use, Guid keyId, CancellationToken cancellationToken)
    {
        if (use is not null && !await uses.TryConsumeAsync(use, cancellationToken))
        {
            throw KeyDeliveryException.Unauthorized(KeyDenial.MaxUsesExceeded, keyId);
        }
    }

    /// <summary>The token of <c>Authorization: Bearer</c>, else of <c>?token=</c> (no prefix; a <c>Bearer </c> or <c>Bearer=</c> one is tolerated).</summary>
    private static string? Token(HttpRequest request) =>
        Bare(request.Headers.Authorization.Count > 0 ? request.Headers.Authorization[0] : null, fromHeader: true) ??
        Bare(request.Query["token"] is { Count: > 0 } query ? query[0] : null, fromHeader: false);

    // A header of another scheme (Basic, say, added by a proxy) or an empty one carries no token for us, so ?token= still
    // counts; a bare token with no scheme is taken, as players send it.
    private static string? Bare(string? raw, bool fromHeader)
    {
        raw = raw?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        foreach (var prefix in (ReadOnlySpan<string>)["Bearer ", "Bearer="])
        {
            if (raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                raw = raw[prefix.Length..].Trim();
                return raw.Length == 0 ? null : raw;
            }
        }

        return fromHeader && raw.Contains(' ', StringComparison.Ordinal) ? null : raw;
    }

    private static bool TryParseKeyId(string? text, out Guid keyId)
    {
        const string Prefix = "nb:kid:UUID:";
        if (text is not null && text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[Prefix.Length..];
        }

        return Guid.TryParse(text, out keyId) && keyId != Guid.Empty;
    }

    private void Preflight(HttpContext http)
    {
        var response = http.Response;
        response.StatusCode = 204;
        response.Headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
        var requested = http.Request.Headers.AccessControlRequestHeaders;
        response.Headers.AccessControlAllowHeaders = StringValues.IsNullOrEmpty(requested) ? "Authorization, Content-Type" : requested;
        response.Headers.AccessControlMaxAge = ((int)options.PreflightMaxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.Vary = "Access-Control-Request-Headers";
    }

    private static async Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, new { error = new { code, message } }, LicenseJson, http.RequestAborted);
    }
}
