using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Auth;
using Meridian.Region.Hosting;
using Meridian.Region.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.ControlPlane.Resources;

/// <summary>
/// Serves <c>.../mediaServices/{account}/{collection}[/{name}[/{action} | /{subCollection}[/{subName}]]]</c> for every
/// registered kind: routing, the ARM envelope, transactions, lists and actions.
/// </summary>
public sealed class ResourceEndpoints(
    IMetadataStore store,
    ResourceKindRegistry registry,
    RegionContext region,
    TimeProvider time,
    ILogger<ResourceEndpoints> logger)
{
    public const string AccountKind = "mediaservices";

    public async Task HandleAsync(HttpContext http, string subscription, string resourceGroup, string account, string rest)
    {
        ArgumentNullException.ThrowIfNull(http);
        var segments = (rest ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = http.Request.Method;
        if (segments.Length == 0)
        {
            throw NotFoundPath(http);
        }

        // Resolve which kind, name and action the path names.
        IResourceKind? kind;
        string? parentName = null;
        string? name = null;
        string? action = null;
        switch (segments.Length)
        {
            case 1:
                kind = registry.Find(segments[0], null);
                break;
            case 2:
                kind = registry.Find(segments[0], null);
                name = segments[1];
                break;
            case 3:
                var parent = registry.Find(segments[0], null);
                kind = parent is null ? null : registry.Find(segments[2], parent.Collection);
                if (kind is null)
                {
                    kind = parent;
                    name = segments[1];
                    action = segments[2];
                }
                else
                {
                    parentName = segments[1];
                }

                break;
            case 4:
                var parentKind = registry.Find(segments[0], null);
                kind = parentKind is null ? null : registry.Find(segments[2], parentKind.Collection);
                parentName = segments[1];
                name = segments[3];
                if (kind is null && parentKind is not null)
                {
                    // e.g. streamingEndpoints/{name}/operationLocations/{id}: a GET the owning kind's action answers.
                    kind = parentKind;
                    name = segments[1];
                    action = segments[2];
                    parentName = null;
                    http.Items["meridian.subId"] = segments[3];
                }

                break;
            case 5:
                // e.g. transforms/{t}/jobs/{j}/cancelJob: an action on a resource of a sub-collection.
                var owner = registry.Find(segments[0], null);
                kind = owner is null ? null : registry.Find(segments[2], owner.Collection);
                parentName = segments[1];
                name = segments[3];
                action = segments[4];
                break;
            default:
                kind = null;
                break;
        }

        if (kind is null)
        {
            throw NotFoundPath(http);
        }

        if (name is not null)
        {
            kind.ValidateName(name);
        }

        var body = method is "PUT" or "PATCH" or "POST" ? await ReadBodyAsync(http) : [];
        var caller = http.Items[ApiKeyAuthentication.CallerItem] as string ?? "unknown";
        var now = time.GetUtcNow();
        var accountScope = new AccountScope(subscription, resourceGroup, account);

        ResourceRequest NewRequest(IMetadataSession session, AccountScope scope) => new()
        {
            Session = session,
            Account = scope,
            ParentName = parentName,
            Caller = caller,
            Now = now,
            Http = http,
            Region = region,
        };

        if (method == "GET" && action is null)
        {
            var (status, json) = await store.ReadAsync(session =>
            {
                var request = NewRequest(session, ResolveAccount(session, accountScope));
                RequireParent(request, kind, parentName);
                return name is null ? (200, List(request, kind)) : (200, Present(request, kind, Get(request, kind, name)));
            }, http.RequestAborted);
            await WriteJsonAsync(http, status, json, null);
            return;
        }

        var isAction = action is not null && (method == "POST" || (method == "GET" && http.Items.ContainsKey("meridian.subId")));
        if (action is not null && !isAction)
        {
            // A PUT, PATCH or DELETE on a path below a resource (a mistyped sub-collection, or an action's path) must
            // not fall through to the resource itself: DELETE assets/a1/assetFilter would delete the asset.
            throw registry.FindAction(kind, action) is null
                ? NotFoundPath(http)
                : new ArmException(405, "MethodNotAllowed", $"{method} is not supported on this path.");
        }

        if (!isAction && !(name is not null && method is "PUT" or "PATCH" or "DELETE"))
        {
            throw new ArmException(405, "MethodNotAllowed", $"{method} is not supported on this path.");
        }

        ResourceRequest? last = null;
        var outcome = await store.WriteAsync(session =>
        {
            var request = last = NewRequest(session, ResolveAccount(session, accountScope));
            RequireParent(request, kind, parentName);
            var scope = request.ScopeOf(kind);
            var key = new ResourceKey(scope, kind.Collection.ToLowerInvariant(), name!);
            var stored = session.Get(key);
            var existing = stored is null ? null : ResourceDocument.Deserialize(stored.Body);

            if (isAction)
            {
                var handler = registry.FindAction(kind, action!) ?? throw NotFoundPath(http);
                if (existing is null)
                {
                    throw ArmException.NotFound(kind.DisplayName, name!);
                }

                return new Outcome(0, null, handler.Invoke(request, existing, body));
            }

            switch (method)
            {
                case "PUT":
                    {
                        var document = kind.Put(request, name!, body, existing);
                        request.Store(kind, document);
                        return new Outcome(request.StatusCodeOverride ?? (existing is null ? 201 : 200), Present(request, kind, document), null);
                    }

                case "PATCH":
                    {
                        var document = kind.Patch(request, existing ?? throw ArmException.NotFound(kind.DisplayName, name!), body);
                        request.Store(kind, document);
                        return new Outcome(request.StatusCodeOverride ?? 200, Present(request, kind, document), null);
                    }

                default:
                    if (existing is null)
                    {
                        return new Outcome(204, null, null);
                    }

                    kind.OnDeleting(request, existing);
                    session.Delete(key);
                    session.DeleteUnder($"{scope}/{kind.Collection.ToLowerInvariant()}/{existing.Name.ToLowerInvariant()}");
                    return new Outcome(request.StatusCodeOverride ?? 200, null, null);
            }
        }, http.RequestAborted);

        await RunAfterCommitAsync(last!.AfterCommit);

        if (outcome.Result is not null)
        {
            foreach (var (header, value) in last.ResponseHeaders)
            {
                http.Response.Headers[header] = value;
            }

            await outcome.Result.ExecuteAsync(http);
            return;
        }

        await WriteJsonAsync(http, outcome.Status, outcome.Json, last.ResponseHeaders);
    }

    /// <summary>The ARM envelope of a resource as clients see it.</summary>
    public static JsonObject Present(ResourceRequest request, IResourceKind kind, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(document);
        var json = new JsonObject
        {
            ["name"] = document.Name,
            ["id"] = request.IdOf(kind, document.Name),
            ["type"] = kind.ArmType,
        };
        if (kind.Tracked)
        {
            json["location"] = document.Location;
            json["tags"] = ArmJson.ToNode(document.Tags ?? []);
        }

        if (document.Sku is not null)
        {
            json["sku"] = document.Sku.DeepClone();
        }

        json["properties"] = kind.PresentProperties(request, document);
        json["systemData"] = ArmJson.ToNode(document.SystemData);
        return json;
    }

    /// <summary>Reads a request body with the size limit; refuses non-JSON media types.</summary>
    public async Task<JsonObject> ReadBodyAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var limit = region.Options.MaxControlPlaneBodyBytes;
        var contentType = http.Request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase) &&
            http.Request.ContentLength is > 0)
        {
            throw new ArmException(415, "UnsupportedMediaType", $"The content type '{contentType}' is not supported; send application/json.");
        }

        if (http.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return ArmJson.ParseObject(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static async Task WriteJsonAsync(HttpContext http, int status, JsonNode? json, IReadOnlyDictionary<string, string>? headers)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        if (headers is not null)
        {
            foreach (var (header, value) in headers)
            {
                http.Response.Headers[header] = value;
            }
        }

        if (json is not null)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(json.ToJsonString(ArmJson.Options), http.RequestAborted);
        }
    }

    /// <summary>The stored account for a scope, with the names as created, or a 404.</summary>
    public static AccountScope ResolveAccount(IMetadataSession session, AccountScope requested)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(requested);
        var stored = session.Get(new ResourceKey(requested.ParentScope, AccountKind, requested.Account)) ??
            throw new ArmException(404, "ParentResourceNotFound",
                $"The Media Services account '{requested.Account}' was not found in resource group '{requested.ResourceGroup}'.", requested.Account);
        var document = ResourceDocument.Deserialize(stored.Body);
        var props = document.Properties;
        return new AccountScope(
            props["subscription"]?.GetValue<string>() ?? requested.Subscription,
            props["resourceGroup"]?.GetValue<string>() ?? requested.ResourceGroup,
            document.Name);
    }

    private JsonObject List(ResourceRequest request, IResourceKind kind)
    {
        var query = ListQuery.Parse(request.Http.Request, kind.Filterable);
        var presented = request.All(kind).Select(d => Present(request, kind, d));
        var (page, next) = query.Apply(presented, region.Options.PageSize);
        var json = new JsonObject { ["value"] = new JsonArray([.. page]) };
        if (next is { } skip)
        {
            json["@odata.nextLink"] = ListQuery.NextLink(request.Http.Request, skip);
        }

        return json;
    }

    private static ResourceDocument Get(ResourceRequest request, IResourceKind kind, string name) =>
        request.Find(kind, name) ?? throw ArmException.NotFound(kind.DisplayName, name);

    private static void RequireParent(ResourceRequest request, IResourceKind kind, string? parentName)
    {
        if (kind.ParentCollection is not null)
        {
            var parentKind = request.Http.RequestServices.GetService(typeof(ResourceKindRegistry)) is ResourceKindRegistry r
                ? r.Get(kind.ParentCollection)
                : throw new InvalidOperationException("No registry.");
            parentKind.ValidateName(parentName!);
            request.Require(parentKind, parentName!);
        }
    }

    /// <summary>
    /// Runs the I/O a committed change left for after its transaction (deleting an asset's container, cancelling an
    /// encode). The change stands whatever happens here, so a failure is logged, not answered as a 500 that would
    /// make the client retry something already done. A container delete that fails after its first rename is
    /// finished by the blob store's sweep at the next start.
    /// </summary>
    public async Task RunAfterCommitAsync(IReadOnlyList<Func<Task>> effects)
    {
        ArgumentNullException.ThrowIfNull(effects);
        foreach (var effect in effects)
        {
            try
            {
                await effect();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or OperationCanceledException)
            {
                logger.LogWarning(ex, "Work after a committed control-plane change failed; the change stands.");
            }
        }
    }

    private static ArmException NotFoundPath(HttpContext http) =>
        new(404, "NotFound", $"No resource or action is served at '{http.Request.Path}'.");

    private static ArmException TooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"The request body is larger than {limit} bytes.");

    private sealed record Outcome(int Status, JsonObject? Json, IResult? Result);
}
