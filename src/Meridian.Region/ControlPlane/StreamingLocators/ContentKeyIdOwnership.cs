using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>
/// A content key id names one key in a region. Key delivery finds a key by its id alone (<c>?kid=</c>, ClearKey
/// <c>kids</c>), as AMS's per-account key host did, so a second locator may publish an id only with the same value and only
/// in the same account: otherwise one locator (or tenant) would change what another's players receive.
/// </summary>
internal static class ContentKeyIdOwnership
{
    /// <exception cref="ArmException">409 when a key id of <paramref name="keys"/> is held with another value or by another account.</exception>
    public static void Require(ResourceRequest request, IReadOnlyList<StreamingLocatorContentKey> keys, IReadOnlyCollection<Guid> supplied)
    {
        // Generated ids are fresh uuids; only ids the caller chose can already be in use.
        var wanted = keys.Where(k => k.Id is { } id && supplied.Contains(id)).ToDictionary(k => k.Id!.Value.ToString("D"), k => k);
        if (wanted.Count == 0)
        {
            return;
        }

        foreach (var stored in request.Session.ListKind(StreamingLocatorKind.StoreKind))
        {
            // The document holds each id as text; most locators hold none of them and are not parsed.
            if (!wanted.Keys.Any(id => stored.Body.Contains(id, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var locator = ResourceDocument.Deserialize(stored.Body).Get<StreamingLocatorProperties>();
            foreach (var existing in locator.ContentKeys ?? [])
            {
                if (existing?.Id is not { } id || !wanted.TryGetValue(id.ToString("D"), out var key))
                {
                    continue;
                }

                if (!string.Equals(stored.Key.Scope, request.Account.Scope, StringComparison.Ordinal))
                {
                    throw ArmException.Conflict(
                        $"The content key id '{id:D}' is already used by another account in this region. Key ids are delivered by id " +
                        "alone, so each belongs to one account: choose another id.", "properties.contentKeys");
                }

                if (!SameValue(existing.Value, key.Value))
                {
                    throw ArmException.Conflict(
                        $"The content key id '{id:D}' is already used by streaming locator '{stored.Key.Name}' with another value. " +
                        "A key id names one key: give the same value (listContentKeys on that locator shows it) or another id.",
                        "properties.contentKeys");
                }
            }
        }
    }

    private static bool SameValue(string? a, string? b)
    {
        Span<byte> left = stackalloc byte[StreamingLocatorKeys.KeyBytes + 1];
        Span<byte> right = stackalloc byte[StreamingLocatorKeys.KeyBytes + 1];
        return a is not null && b is not null &&
            Convert.TryFromBase64String(a, left, out var leftLength) && Convert.TryFromBase64String(b, right, out var rightLength) &&
            left[..leftLength].SequenceEqual(right[..rightLength]);
    }
}
