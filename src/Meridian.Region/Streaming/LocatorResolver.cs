using Meridian.Region.ControlPlane.Assets;
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
    public async Task<ResolvedLocator> ResolveAsync(StreamingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await store.ReadAsync(session =>
        {
            var stored = session.FindByAlternateKey(StreamingLocatorKind.CollectionName.ToLowerInvariant(), request.LocatorId.ToString("D"));
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
            return new Found(scope, locatorDoc.Name, locator, asset, policy, maxCacheAge);
        }, cancellationToken) ?? throw OriginException.NotFound("No streaming locator has this id.");

        var now = time.GetUtcNow();
        if ((found.Locator.StartTime is { } start && now < start) || (found.Locator.EndTime is { } end && now > end))
        {
            throw new OriginException(404, "MPE_UNAUTHORIZED", "The streaming locator is not valid at this time.");
        }

        if (found.Asset is null || found.Policy is null)
        {
            throw new OriginException(404, "MPE_STORAGE_RESOURCE_NOT_FOUND", "The locator's asset or streaming policy no longer exists.");
        }

        if (!await endpoints.IsAnyRunningAsync(found.Scope, cancellationToken))
        {
            throw new OriginException(404, "MPE_STREAMING_ENDPOINT_NOT_RUNNING",
                "No streaming endpoint of the account is running. Start one (streamingEndpoints/{name}/start).");
        }

        var assetDoc = ResourceDocument.Deserialize(found.Asset.Body);
        var policy = ResourceDocument.Deserialize(found.Policy.Body).Get<StreamingPolicyProperties>();
        var scheme = request.Kind == StreamingResourceKind.Download ? DownloadScheme(policy) : StreamingPolicyGate.Resolve(policy, request);
        var parts = found.Scope.Split('/');
        return new ResolvedLocator(
            new AccountScope(parts[0], parts[1], parts[2]),
            found.LocatorName,
            found.Locator,
            assetDoc.Name,
            assetDoc.Get<AssetProperties>(),
            policy,
            scheme,
            found.MaxCacheAge);
    }

    private static EncryptionScheme DownloadScheme(StreamingPolicyProperties policy)
    {
        if (policy.NoEncryption?.EnabledProtocols?.Download == true)
        {
            return EncryptionScheme.NoEncryption;
        }

        throw new OriginException(403, "MPE_OUTPUT_FORMAT_BLOCKED", "The streaming policy does not enable download.");
    }

    private sealed record Found(
        string Scope, string LocatorName, StreamingLocatorProperties Locator, StoredResource? Asset, StoredResource? Policy, long? MaxCacheAge);
}
