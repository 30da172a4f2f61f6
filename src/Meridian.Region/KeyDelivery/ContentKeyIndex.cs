using System.Collections.Frozen;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingLocators;
using Meridian.Region.Metadata;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// Which locators hold a content key id. Key ids are not unique across locators (the same key may be published by
/// several locators, or replicated from another region), so an id maps to every locator id that holds it, in store order.
/// </summary>
/// <remarks>
/// The map is rebuilt from every locator of the region when the store's <see cref="DeliveryGeneration"/> has moved
/// since the last build, so it is never stale; a region that writes often and delivers keys often pays one scan of the
/// locators per write. Callers read the locator itself again, so the map only narrows the search.
/// </remarks>
public sealed class ContentKeyIndex(IMetadataStore store)
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>The <c>streamingLocatorId</c>s of the locators holding <paramref name="keyId"/>; empty when none does.</summary>
    public async Task<IReadOnlyList<Guid>> LocatorsAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        return snapshot.Locators.TryGetValue(keyId, out var ids) ? ids : [];
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var generation = DeliveryGeneration.Of(store);
        if (_snapshot is { } current && current.Generation == generation)
        {
            return current;
        }

        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            generation = DeliveryGeneration.Of(store);
            if (_snapshot is { } fresh && fresh.Generation == generation)
            {
                return fresh;
            }

            // The generation is read before the scan: a write during the scan makes the next request rebuild again.
            var map = await store.ReadAsync(session => Build(session.ListKind(StreamingLocatorKind.StoreKind)), cancellationToken);
            var built = new Snapshot(generation, map);
            _snapshot = built;
            return built;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private static FrozenDictionary<Guid, Guid[]> Build(IReadOnlyList<StoredResource> locators)
    {
        var map = new Dictionary<Guid, List<Guid>>();
        foreach (var stored in locators)
        {
            var properties = ResourceDocument.Deserialize(stored.Body).Get<StreamingLocatorProperties>();
            if (properties.StreamingLocatorId is not { } locatorId)
            {
                continue;
            }

            foreach (var key in properties.ContentKeys ?? [])
            {
                if (key?.Id is { } id)
                {
                    if (!map.TryGetValue(id, out var list))
                    {
                        map[id] = list = [];
                    }

                    list.Add(locatorId);
                }
            }
        }

        return map.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    private sealed record Snapshot(long Generation, FrozenDictionary<Guid, Guid[]> Locators);
}
