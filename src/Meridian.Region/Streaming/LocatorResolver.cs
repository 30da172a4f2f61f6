using System.Collections.Concurrent;
using Meridian.Region.ControlPlane.Assets;
using Meridian.Region.ControlPlane.Filters;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingEndpoints;
using Meridian.Region.ControlPlane.StreamingLocators;
using Meridian.Region.ControlPlane.StreamingPolicies;
using Meridian.Region.Metadata;

namespace Meridian.Region.Streaming;

/// <summary>
/// Finds the locator of a streaming URL and checks that it may be served now: it exists (404
/// <c>MPE_RESOURCE_NOT_FOUND</c>), is inside its start/end time (404 <c>MPE_UNAUTHORIZED</c>, as AMS serves unauthorized
/// as not found), its account has a running streaming endpoint, and its policy enables the format.
/// </summary>
public sealed class LocatorResolver(IMetadataStore store, IStreamingEndpointState endpoints, TimeProvider time)
{
    private const int MaxCachedLocators = 10_000;

    // Locator id → what the store said, valid while no write that can matter has happened since (DeliveryGeneration).
    private readonly ConcurrentDictionary<Guid, (long Generation, Found? Found, bool Running)> _cache = new();

    public async Task<ResolvedLocator> ResolveAsync(StreamingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var generation = DeliveryGeneration.Of(store);
        Found? found;
        bool running;
        if (_cache.TryGetValue(request.LocatorId, out var cached) && cached.Generation == generation)
        {
            (found, running) = (cached.Found, cached.Running);
        }
        else
        {
            found = await LoadAsync(request.LocatorId, cancellationToken);
            running = found is not null && await endpoints.IsAnyRunningAsync(found.Scope, cancellationToken);
            if (_cache.Count >= MaxCachedLocators)
            {
                _cache.Clear();
            }

            _cache[request.LocatorId] = (generation, found, running);
        }

        if (found is null)
        {
            throw OriginException.NotFound("No streaming locator has this id.");
        }

        var now = time.GetUtcNow();
        if ((found.Locator.StartTime is { } start && now < start) || (found.Locator.EndTime is { } end && now > end))
        {
            throw new OriginException(404, "MPE_UNAUTHORIZED", "The streaming locator is not valid at this time.");
        }

        if (found.Asset is null || found.Policy is null)
        {
            throw new OriginException(404, "MPE_STORAGE_RESOURCE_NOT_FOUND", "The locator's asset or streaming policy no longer exists.");
        }

        if (!running)
        {
            throw new OriginException(404, "MPE_STREAMING_ENDPOINT_NOT_RUNNING",
                "No streaming endpoint of the account is running. Start one (streamingEndpoints/{name}/start).");
        }

        var scheme = request.Kind == StreamingResourceKind.Download ? DownloadScheme(found.Policy) : StreamingPolicyGate.Resolve(found.Policy, request);
        return new ResolvedLocator(found.Account, found.LocatorName, found.Locator, found.AssetName!, found.Asset, found.Policy, scheme, found.MaxCacheAge)
        {
            TrackFilter = ResolveFilters(found, request),
            Generation = generation,
        };
    }

    private Task<Found?> LoadAsync(Guid locatorId, CancellationToken cancellationToken) =>
        store.ReadAsync(session =>
        {
            var stored = session.FindByAlternateKey(StreamingLocatorKind.CollectionName.ToLowerInvariant(), locatorId.ToString("D"));
            if (stored is null)
            {
                return null;
            }

            var locatorDoc = ResourceDocument.Deserialize(stored.Body);
            var locator = locatorDoc.Get<StreamingLocatorProperties>();
            var scope = stored.Key.Scope;
            var asset = session.Get(new ResourceKey(scope, AssetKind.CollectionName, locator.AssetName!));
            var policy = session.Get(new ResourceKey(scope, "streamingpolicies", locator.StreamingPolicyName!));
            var maxCacheAge = session.List(scope, "streamingendpoints")
                .Select(e => ResourceDocument.Deserialize(e.Body).Get<StreamingEndpointProperties>())
                .Where(e => e.ResourceState is StreamingEndpointResourceState.Running or StreamingEndpointResourceState.Scaling)
                .Select(e => e.MaxCacheAge)
                .FirstOrDefault(a => a is not null);
            var assetDoc = asset is null ? null : ResourceDocument.Deserialize(asset.Body);
            // An asset filter overrides an account filter of the same name.
            var filters = new Dictionary<string, MediaFilterProperties>(StringComparer.OrdinalIgnoreCase);
            foreach (var f in session.List(scope, "accountfilters"))
            {
                var filterDoc = ResourceDocument.Deserialize(f.Body);
                filters[filterDoc.Name] = filterDoc.Get<MediaFilterProperties>();
            }

            if (assetDoc is not null)
            {
                foreach (var f in session.List($"{scope}/assets/{assetDoc.Name.ToLowerInvariant()}", "assetfilters"))
                {
                    var filterDoc = ResourceDocument.Deserialize(f.Body);
                    filters[filterDoc.Name] = filterDoc.Get<MediaFilterProperties>();
                }
            }

            var parts = scope.Split('/');
            return new Found(
                scope,
                new AccountScope(parts[0], parts[1], parts[2]),
                locatorDoc.Name,
                locator,
                assetDoc?.Name,
                assetDoc?.Get<AssetProperties>(),
                policy is null ? null : ResourceDocument.Deserialize(policy.Body).Get<StreamingPolicyProperties>(),
                maxCacheAge,
                filters);
        }, cancellationToken);

    // The locator's filters apply to every request; the URL may add up to three.
    private static TrackFilter? ResolveFilters(Found found, StreamingRequest request)
    {
        var names = (found.Locator.Filters ?? []).Concat(request.Filters).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0 || request.Kind == StreamingResourceKind.Download)
        {
            return null;
        }

        var applied = new List<MediaFilterProperties>();
        foreach (var name in names)
        {
            if (!found.Filters.TryGetValue(name, out var filter))
            {
                throw new OriginException(404, "MPE_EGRESS_FILTER_NOT_FOUND", $"The filter '{name}' is neither an asset nor an account filter.");
            }

            if (filter.PresentationTimeRange is { } range &&
                (range.StartTimestamp is not null || range.EndTimestamp is not null || range.PresentationWindowDuration is not null))
            {
                throw new OriginException(415, "MPE_FILTER_TIME_RANGE_NOT_SUPPORTED",
                    $"The filter '{name}' trims the presentation time range, which this origin does not apply yet; only track selection is supported.");
            }

            applied.Add(filter);
        }

        return TrackFilter.Create(applied);
    }

    private static EncryptionScheme DownloadScheme(StreamingPolicyProperties policy)
    {
        if (policy.NoEncryption?.EnabledProtocols?.Download == true)
        {
            return EncryptionScheme.NoEncryption;
        }

        // A progressive download is clear output: a policy that only encrypts refuses it as AMS does.
        if (policy.NoEncryption is null && policy.Schemes().Any(s => s.Scheme != EncryptionScheme.NoEncryption))
        {
            throw new OriginException(403, "MPE_ENC_ENCRYPTION_REQUIRED",
                "The streaming policy requires encryption; a progressive download would be clear. Stream with an encrypted format.");
        }

        throw new OriginException(403, "MPE_OUTPUT_FORMAT_BLOCKED", "The streaming policy does not enable download.");
    }

    private sealed record Found(
        string Scope,
        AccountScope Account,
        string LocatorName,
        StreamingLocatorProperties Locator,
        string? AssetName,
        AssetProperties? Asset,
        StreamingPolicyProperties? Policy,
        long? MaxCacheAge,
        IReadOnlyDictionary<string, MediaFilterProperties> Filters);
}
