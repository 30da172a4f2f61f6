using System.Collections.Frozen;
using Meridian.Region.ControlPlane.Jobs;
using Meridian.Region.ControlPlane.StreamingEndpoints;
using Meridian.Region.ControlPlane.Transforms;
using Meridian.Region.Events;
using Meridian.Region.Metadata;

namespace Meridian.Region.ControlPlane.Resources;

/// <summary>
/// The store generation that the origin's and key delivery's caches are keyed by: it moves with every resource write
/// except those of kinds that cannot change what they serve. Jobs report progress every few seconds while they run;
/// with <see cref="IMetadataStore.Generation"/> each report emptied every manifest, ETag, locator and key cache.
/// </summary>
public static class DeliveryGeneration
{
    /// <summary>Store kinds that streaming and key delivery never read.</summary>
    public static FrozenSet<string> QuietKinds { get; } = new[]
    {
        JobKind.CollectionName.ToLowerInvariant(),
        TransformKind.CollectionName.ToLowerInvariant(),
        EventSubscriptionKind.StoreKind,
        StreamingEndpointOperationStore.Kind,
    }.ToFrozenSet(StringComparer.Ordinal);

    public static long Of(IMetadataStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.GenerationExcept(QuietKinds);
    }
}
