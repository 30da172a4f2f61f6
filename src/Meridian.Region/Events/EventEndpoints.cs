using System.Globalization;
using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.Events;

/// <summary>
/// <c>GET .../mediaServices/{account}/events?$top=N&amp;after=S</c>: the account's recent events, oldest first, for
/// clients without a webhook. <c>nextLink</c> is always present and continues after the last event returned (or
/// repeats the cursor when there was none), so a client polls it to read events raised later.
/// </summary>
public sealed class EventEndpoints(IMetadataStore store)
{
    public const int DefaultTop = 100;

    public const int MaxTop = 1000;

    public async Task ListAsync(HttpContext http, string subscription, string resourceGroup, string account)
    {
        ArgumentNullException.ThrowIfNull(http);
        NameRules.Subscription(subscription);
        NameRules.ResourceGroup(resourceGroup);
        NameRules.Account(account.ToLowerInvariant());
        var top = Number(http.Request.Query["$top"], "$top", DefaultTop, 1, MaxTop);
        var after = Number(http.Request.Query["after"], "after", 0, 0, long.MaxValue);
        var events = await store.ReadAsync(session =>
        {
            var scope = ResourceEndpoints.ResolveAccount(session, new AccountScope(subscription, resourceGroup, account));
            return session.ListEvents(scope.Scope, after, (int)top);
        }, http.RequestAborted);

        var cursor = events.Count == 0 ? after : events[^1].Sequence;
        var query = http.Request.Query
            .Where(kv => !string.Equals(kv.Key, "after", StringComparison.OrdinalIgnoreCase))
            .SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append("after=" + cursor.ToString(CultureInfo.InvariantCulture));
        var json = new JsonObject
        {
            ["value"] = new JsonArray([.. events.Select(e => JsonNode.Parse(e.Body))]),
            ["nextLink"] = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}",
        };
        await ResourceEndpoints.WriteJsonAsync(http, StatusCodes.Status200OK, json, null);
    }

    private static long Number(string? text, string name, long fallback, long minimum, long maximum)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            throw ArmException.BadRequest($"'{name}' must be a whole number from {minimum} to {maximum}, not '{text}'.", name);
        }

        return value;
    }
}
