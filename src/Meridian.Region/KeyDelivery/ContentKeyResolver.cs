using System.Collections.Concurrent;
using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.ContentKeyPolicies;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingLocators;
using Meridian.Region.ControlPlane.StreamingPolicies;
using Meridian.Region.Metadata;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// Finds a key by id: every locator holding it that is inside its start/end window, each with the content key policy that
/// governs the key there (the key's own <c>policyName</c>, else the locator's default, else the streaming policy's default).
/// </summary>
/// <remarks>
/// What the store says about a key id is cached per <see cref="DeliveryGeneration"/>: any control-plane write that can matter
/// (a policy update, a new or deleted locator) moves the generation, so the next request reads the store again and an
/// update still applies at once. The time window is checked on every request.
/// </remarks>
public sealed class ContentKeyResolver(IMetadataStore store, ContentKeyIndex index, TimeProvider time)
{
    private const int MaxCachedKeys = 100_000;
    private static readonly string PolicyStoreKind = ContentKeyPolicyKind.CollectionName.ToLowerInvariant();

    private readonly ConcurrentDictionary<Guid, (long Generation, Candidate[] Candidates)> _cache = new();

    /// <summary>
    /// The key as each locator inside its window publishes it, in store order (at least one). They share one value and one
    /// account (<c>ContentKeyIdOwnership</c> keeps it so); a region whose store says otherwise delivers the id to nobody.
    /// </summary>
    /// <exception cref="KeyDeliveryException">404 when no locator in its window holds the key.</exception>
    public async Task<IReadOnlyList<ResolvedContentKey>> ResolveAsync(Guid keyId, CancellationToken cancellationToken)
    {
        // Read before the store: a write during the read makes the next request read again.
        var generation = DeliveryGeneration.Of(store);
        Candidate[] candidates;
        if (_cache.TryGetValue(keyId, out var cached) && cached.Generation == generation)
        {
            candidates = cached.Candidates;
        }
        else
        {
            var locators = await index.LocatorsAsync(keyId, cancellationToken);
            candidates = locators.Count == 0 ? [] : await store.ReadAsync(session => Load(session, keyId, locators), cancellationToken);
            if (_cache.Count >= MaxCachedKeys)
            {
                _cache.Clear();
            }

            _cache[keyId] = (generation, candidates);
        }

        if (candidates.Length > 1 && candidates.Any(c => c.Scope != candidates[0].Scope || !c.Value.AsSpan().SequenceEqual(candidates[0].Value)))
        {
            // Written before key ids were checked on create: no way to tell which key the players were given.
            throw KeyDeliveryException.NotFound(KeyDenial.ConflictingKeys, keyId);
        }

        var now = time.GetUtcNow();
        var denial = KeyDenial.UnknownKeyId;
        var usable = new List<ResolvedContentKey>(candidates.Length);
        foreach (var candidate in candidates)
        {
            if (candidate.Start is { } start && now < start)
            {
                denial = KeyDenial.LocatorNotYetValid;
                continue;
            }

            if (candidate.End is { } end && now > end)
            {
                denial = KeyDenial.LocatorExpired;
                continue;
            }

            if (candidate.Policy is null)
            {
                denial = KeyDenial.PolicyMissing;
                continue;
            }

            usable.Add(candidate.Policy);
        }

        return usable.Count > 0 ? usable : throw KeyDeliveryException.NotFound(denial, keyId);
    }

    // Every locator holding the key with a usable value, in index order, with its window and its governing policy.
    private static Candidate[] Load(IMetadataSession session, Guid keyId, IReadOnlyList<Guid> locators)
    {
        var candidates = new List<Candidate>(locators.Count);
        var accessControls = new Dictionary<string, KeyDeliveryAccessControl>(StringComparer.Ordinal);
        foreach (var locatorId in locators)
        {
            var stored = session.FindByAlternateKey(StreamingLocatorKind.StoreKind, locatorId.ToString("D"));
            var locator = stored is null ? null : ResourceDocument.Deserialize(stored.Body).Get<StreamingLocatorProperties>();
            var key = locator?.ContentKeys?.FirstOrDefault(k => k?.Id == keyId);
            var value = new byte[StreamingLocatorKeys.KeyBytes];
            if (stored is null || locator is null || key?.Value is null ||
                !Convert.TryFromBase64String(key.Value, value, out var length) || length != value.Length)
            {
                continue;
            }

            var scope = stored.Key.Scope;
            var policyName = key.PolicyName ?? locator.DefaultContentKeyPolicyName ?? StreamingPolicyDefault(session, scope, locator);
            var policy = policyName is null ? null : session.Get(new ResourceKey(scope, PolicyStoreKind, policyName));
            ResolvedContentKey? resolved = null;
            if (policy is not null)
            {
                var policyDocument = ResourceDocument.Deserialize(policy.Body);
                if (!accessControls.TryGetValue(scope, out var accessControl))
                {
                    accessControls[scope] = accessControl = AccessControlOf(session, scope);
                }

                resolved = new ResolvedContentKey(keyId, value, key.Type, locatorId, policyDocument.Name, policyDocument.Get<ContentKeyPolicyProperties>())
                {
                    AccessControl = accessControl,
                };
            }

            candidates.Add(new Candidate(scope, value, locator.StartTime, locator.EndTime, resolved));
        }

        return [.. candidates];
    }

    // The account's keyDelivery.accessControl; an account that cannot be read (being deleted) lets nobody have its keys.
    private static KeyDeliveryAccessControl AccessControlOf(IMetadataSession session, string scope)
    {
        var slash = scope.LastIndexOf('/');
        var stored = slash < 0 ? null : session.Get(new ResourceKey(scope[..slash], ResourceEndpoints.AccountKind, scope[(slash + 1)..]));
        return stored is null
            ? new KeyDeliveryAccessControl(true, [])
            : AccountEndpoints.KeyDeliveryAccessControlOf(ResourceDocument.Deserialize(stored.Body)) ?? KeyDeliveryAccessControl.AllowAll;
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

    // A locator that holds the key: its account, the key's value, its window, and the key with its policy (null when the
    // policy is missing).
    private sealed record Candidate(string Scope, byte[] Value, DateTimeOffset? Start, DateTimeOffset? End, ResolvedContentKey? Policy);
}
