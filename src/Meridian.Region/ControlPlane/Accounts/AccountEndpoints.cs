using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Auth;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Hosting;
using Meridian.Region.Metadata;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.Accounts;

/// <summary>
/// Media Services accounts (<c>Microsoft.Media/mediaservices</c>), a tracked resource. Create seeds the account's
/// default streaming endpoint and predefined streaming policies; delete removes everything the account holds.
/// </summary>
public sealed class AccountEndpoints(
    IMetadataStore store,
    ResourceEndpoints resources,
    IEnumerable<IAccountSeeder> seeders,
    IEnumerable<IAccountCleaner> cleaners,
    RegionContext region,
    TimeProvider time)
{
    public const string ArmType = "Microsoft.Media/mediaservices";

    public async Task ListAsync(HttpContext http, string subscription, string? resourceGroup)
    {
        ArgumentNullException.ThrowIfNull(http);
        NameRules.Subscription(subscription);
        if (resourceGroup is not null)
        {
            NameRules.ResourceGroup(resourceGroup);
        }

        var filterable = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "name", "location" };
        var query = ListQuery.Parse(http.Request, filterable);
        var prefix = (resourceGroup is null ? subscription : $"{subscription}/{resourceGroup}").ToLowerInvariant();
        var items = await store.ReadAsync(session => session.ListUnder(prefix, ResourceEndpoints.AccountKind)
            .Where(s => resourceGroup is not null || s.Key.Scope.Count(c => c == '/') == 1)
            .Select(s => Present(ResourceDocument.Deserialize(s.Body)))
            .ToList(), http.RequestAborted);
        var (page, next) = query.Apply(items, region.Options.PageSize);
        var json = new JsonObject { ["value"] = new JsonArray([.. page]) };
        if (next is { } skip)
        {
            json["@odata.nextLink"] = ListQuery.NextLink(http.Request, skip);
        }

        await ResourceEndpoints.WriteJsonAsync(http, 200, json, null);
    }

    public async Task GetAsync(HttpContext http, string subscription, string resourceGroup, string account)
    {
        ArgumentNullException.ThrowIfNull(http);
        Validate(subscription, resourceGroup, account);
        var document = await store.ReadAsync(session => Find(session, subscription, resourceGroup, account), http.RequestAborted) ??
            throw ArmException.NotFound("Media Services account", account);
        await ResourceEndpoints.WriteJsonAsync(http, 200, Present(document), null);
    }

    /// <summary>
    /// PUT creates or updates; PATCH (ARM <c>MediaServices_Update</c>) only updates, and merges
    /// <c>properties.keyDelivery</c> into the stored one (RFC 7396) where PUT replaces it. Neither moves an account
    /// to another location.
    /// </summary>
    public async Task PutAsync(HttpContext http, string subscription, string resourceGroup, string account, bool patch)
    {
        ArgumentNullException.ThrowIfNull(http);
        Validate(subscription, resourceGroup, account);
        var body = await resources.ReadBodyAsync(http);
        var now = time.GetUtcNow();
        var caller = http.Items[ApiKeyAuthentication.CallerItem] as string ?? "unknown";
        var (status, document) = await store.WriteAsync(session =>
        {
            var existing = Find(session, subscription, resourceGroup, account);
            if (patch && existing is null)
            {
                throw ArmException.NotFound("Media Services account", account);
            }

            var location = body["location"] is { } l ? ArmJson.Read<string>(l, "location") : existing?.Location ??
                throw ArmException.InvalidBody("A Media Services account needs a 'location'.", "location");
            if (string.IsNullOrWhiteSpace(location))
            {
                throw ArmException.InvalidBody("'location' cannot be empty.", "location");
            }

            if (existing is not null && !ArmLocation.Same(existing.Location, location))
            {
                throw ArmLocation.Moved("Media Services account", account, existing.Location);
            }

            var tags = body["tags"] is { } t ? ArmJson.Read<Dictionary<string, string>>(t, "tags") : existing?.Tags;
            if (body["properties"] is { } p and not JsonObject)
            {
                throw ArmException.InvalidBody("'properties' must be an object.", "properties");
            }

            var keyDelivery = KeyDeliveryAccessControl.Read(
                body["properties"] is JsonObject given ? given : null, patch ? existing?.Properties["keyDelivery"] : null);
            if (existing is not null)
            {
                existing.Tags = tags;
                if (keyDelivery is not null)
                {
                    existing.Properties["keyDelivery"] = keyDelivery.ToJson();
                }

                existing.SystemData = existing.SystemData with { LastModifiedAt = now, LastModifiedBy = caller };
                Store(session, subscription, resourceGroup, existing);
                return (200, existing);
            }

            NameRules.Account(account);
            var scope = new AccountScope(subscription, resourceGroup, account);
            var document = new ResourceDocument
            {
                Name = account,
                Location = location,
                Tags = tags,
                SystemData = new SystemData { CreatedAt = now, CreatedBy = caller, LastModifiedAt = now, LastModifiedBy = caller },
                Properties = new JsonObject
                {
                    ["mediaServiceId"] = Guid.NewGuid().ToString(),
                    ["subscription"] = subscription,
                    ["resourceGroup"] = resourceGroup,
                    ["keyDelivery"] = (keyDelivery ?? KeyDeliveryAccessControl.AllowAll).ToJson(),
                },
            };
            Store(session, subscription, resourceGroup, document);
            var request = new ResourceRequest
            {
                Session = session,
                Account = scope,
                Caller = caller,
                Now = now,
                Http = http,
                Region = region,
            };
            foreach (var seeder in seeders)
            {
                seeder.Seed(request);
            }

            return (201, document);
        }, http.RequestAborted);
        await ResourceEndpoints.WriteJsonAsync(http, status, Present(document), null);
    }

    public async Task DeleteAsync(HttpContext http, string subscription, string resourceGroup, string account)
    {
        ArgumentNullException.ThrowIfNull(http);
        Validate(subscription, resourceGroup, account);
        var now = time.GetUtcNow();
        var caller = http.Items[ApiKeyAuthentication.CallerItem] as string ?? "unknown";
        var (status, effects) = await store.WriteAsync(session =>
        {
            var existing = Find(session, subscription, resourceGroup, account);
            if (existing is null)
            {
                return (204, new List<Func<Task>>());
            }

            var request = new ResourceRequest
            {
                Session = session,
                Account = new AccountScope(subscription, resourceGroup, existing.Name),
                Caller = caller,
                Now = now,
                Http = http,
                Region = region,
            };
            foreach (var cleaner in cleaners)
            {
                cleaner.Clean(request);
            }

            session.DeleteUnder(request.Account.Scope);
            session.Delete(new ResourceKey(request.Account.ParentScope, ResourceEndpoints.AccountKind, existing.Name));
            return (200, request.AfterCommit);
        }, http.RequestAborted);
        await resources.RunAfterCommitAsync(effects);

        http.Response.StatusCode = status;
    }

    /// <summary>The account's key delivery access control as stored; null for accounts that never set one.</summary>
    public static KeyDeliveryAccessControl? KeyDeliveryAccessControlOf(ResourceDocument account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return KeyDeliveryAccessControl.Parse(account.Properties["keyDelivery"]);
    }

    private static void Validate(string subscription, string resourceGroup, string account)
    {
        NameRules.Subscription(subscription);
        NameRules.ResourceGroup(resourceGroup);
        // Look-ups are case-insensitive, as in ARM; creation insists on lower case (see PutAsync).
        NameRules.Account(account.ToLowerInvariant());
    }

    private static ResourceDocument? Find(IMetadataSession session, string subscription, string resourceGroup, string account)
    {
        var stored = session.Get(new ResourceKey($"{subscription}/{resourceGroup}".ToLowerInvariant(), ResourceEndpoints.AccountKind, account));
        return stored is null ? null : ResourceDocument.Deserialize(stored.Body);
    }

    private static void Store(IMetadataSession session, string subscription, string resourceGroup, ResourceDocument document) =>
        session.Put(new StoredResource(
            new ResourceKey($"{subscription}/{resourceGroup}".ToLowerInvariant(), ResourceEndpoints.AccountKind, document.Name),
            document.Serialize()));

    private JsonObject Present(ResourceDocument document)
    {
        var props = document.Properties;
        var subscription = props["subscription"]!.GetValue<string>();
        var resourceGroup = props["resourceGroup"]!.GetValue<string>();
        var scope = new AccountScope(subscription, resourceGroup, document.Name);
        return new JsonObject
        {
            ["name"] = document.Name,
            ["id"] = scope.Id,
            ["type"] = ArmType,
            ["location"] = document.Location,
            ["tags"] = ArmJson.ToNode(document.Tags ?? []),
            ["properties"] = new JsonObject
            {
                ["mediaServiceId"] = props["mediaServiceId"]?.DeepClone(),
                ["storageAccounts"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Storage/storageAccounts/{region.Name}",
                    ["type"] = "Primary",
                    ["status"] = "Ok",
                }),
                ["storageAuthentication"] = "System",
                ["encryption"] = new JsonObject { ["type"] = "SystemKey" },
                ["keyDelivery"] = (KeyDeliveryAccessControlOf(document) ?? KeyDeliveryAccessControl.AllowAll).ToJson(),
                ["publicNetworkAccess"] = "Enabled",
                ["provisioningState"] = "Succeeded",
                ["minimumTlsVersion"] = "Tls12",
            },
            ["systemData"] = ArmJson.ToNode(document.SystemData),
        };
    }
}
