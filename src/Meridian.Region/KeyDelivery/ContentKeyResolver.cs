using Meridian.Region.ControlPlane.ContentKeyPolicies;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingLocators;
using Meridian.Region.ControlPlane.StreamingPolicies;
using Meridian.Region.Metadata;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// Finds a key by id: the first locator holding it that is inside its start/end window, and the content key policy that
/// governs the key (the key's own <c>policyName</c>, else the locator's default, else the streaming policy's default).
/// Everything is read from the store on each request, so a policy update applies to the next request.
/// </summary>
public sealed class ContentKeyResolver(IMetadataStore store, ContentKeyIndex index, TimeProvider time)
{
    private static readonly string PolicyStoreKind = ContentKeyPolicyKind.CollectionName.ToLowerInvariant();

    /// <exception cref="KeyDeliveryException">404 when no locator in its window holds the key.</exception>
    public async Task<ResolvedContentKey> ResolveAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var locators = await index.LocatorsAsync(keyId, cancellationToken);
        if (locators.Count == 0)
        {
            throw KeyDeliveryException.NotFound(KeyDenial.UnknownKeyId, keyId);
        }

        var now = time.GetUtcNow();
        return await store.ReadAsync(session =>
        {
            var denial = KeyDenial.UnknownKeyId;
            foreach (var locatorId in locators)
            {
                var stored = session.FindByAlternateKey(StreamingLocatorKind.StoreKind, locatorId.ToString("D"));
                var locator = stored is null ? null : ResourceDocument.Deserialize(stored.Body).Get<StreamingLocatorProperties>();
                var key = locator?.ContentKeys?.FirstOrDefault(k => k?.Id == keyId);
                if (stored is null || locator is null || key?.Value is null)
                {
                    continue;
                }

                if (locator.StartTime is { } start && now < start)
                {
                    denial = KeyDenial.LocatorNotYetValid;
                    continue;
                }

                if (locator.EndTime is { } end && now > end)
                {
                    denial = KeyDenial.LocatorExpired;
                    continue;
                }

                var scope = stored.Key.Scope;
                var policyName = key.PolicyName ?? locator.DefaultContentKeyPolicyName ?? StreamingPolicyDefault(session, scope, locator);
                var policy = policyName is null ? null : session.Get(new ResourceKey(scope, PolicyStoreKind, policyName));
                if (policy is null)
                {
                    denial = KeyDenial.PolicyMissing;
                    continue;
                }

                var value = new byte[StreamingLocatorKeys.KeyBytes];
                if (!Convert.TryFromBase64String(key.Value, value, out var length) || length != value.Length)
                {
                    continue;
                }

                var policyDocument = ResourceDocument.Deserialize(policy.Body);
                return new ResolvedContentKey(keyId, value, key.Type, locatorId, policyDocument.Name, policyDocument.Get<ContentKeyPolicyProperties>());
            }

            throw KeyDeliveryException.NotFound(denial, keyId);
        }, cancellationToken);
    }

    private static string? StreamingPolicyDefault(IMetadataSession session, string scope, StreamingLocatorProperties locator)
    {
        if (locator.StreamingPolicyName is not { } name)
        {
            return null;
        }

        var stored = session.Get(new ResourceKey(scope, StreamingPolicyKind.StoreKind, name));
        return stored is null ? null : ResourceDocument.Deserialize(stored.Body).Get<StreamingPolicyProperties>().DefaultContentKeyPolicyName;
    }
}
