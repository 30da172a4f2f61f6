namespace Meridian.Region.Metadata;

/// <summary>Reads and writes inside one store transaction. A write session commits only if its work returns normally.</summary>
public interface IMetadataSession
{
    /// <summary>The resource with this key, or null.</summary>
    StoredResource? Get(ResourceKey key);

    /// <summary>The resource of this kind whose alternate key is <paramref name="alternateKey"/>, or null.</summary>
    StoredResource? FindByAlternateKey(string kind, string alternateKey);

    /// <summary>All resources of a kind in one scope, ordered by name.</summary>
    IReadOnlyList<StoredResource> List(string scope, string kind);

    /// <summary>All resources of a kind whose scope starts with <paramref name="scopePrefix"/>, ordered by scope then name.</summary>
    IReadOnlyList<StoredResource> ListUnder(string scopePrefix, string kind);

    /// <summary>All resources of a kind in the region, in every scope (e.g. every streaming locator, for key delivery's key index).</summary>
    IReadOnlyList<StoredResource> ListKind(string kind);

    /// <summary>Inserts or replaces a resource.</summary>
    void Put(StoredResource resource);

    /// <summary>Deletes a resource; false if it was not there.</summary>
    bool Delete(ResourceKey key);

    /// <summary>Deletes every resource whose scope is <paramref name="scope"/> or lies under it. Returns how many.</summary>
    int DeleteUnder(string scope);

    /// <summary>
    /// Appends an event to the outbox and queues it, due at once, for each subscription named (name keys of
    /// subscriptions in the event's scope). In a write session the event commits or rolls back with the change that
    /// raised it. Returns the event's sequence.
    /// </summary>
    long AppendEvent(StoredEvent storedEvent, IReadOnlyCollection<string> subscriptions);

    /// <summary>Events of a scope whose sequence is above <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/>.</summary>
    IReadOnlyList<StoredEvent> ListEvents(string scope, long afterSequence, int max);

    /// <summary>
    /// The head of each pending delivery queue, earliest due first, at most <paramref name="max"/>. A queue is one
    /// subscription's events for one subject: a later event waits until the earlier one is delivered or abandoned.
    /// </summary>
    IReadOnlyList<PendingDelivery> NextDeliveries(int max);

    /// <summary>Records the outcome of a delivery attempt.</summary>
    void UpdateDelivery(long sequence, string subscription, EventDeliveryStatus status, int attempts, DateTimeOffset nextAttempt);

    /// <summary>
    /// Drops one subscription's deliveries in a scope, or, when <paramref name="subscription"/> is null, every event
    /// and delivery of the scope. Returns how many rows went.
    /// </summary>
    int DeleteEvents(string scope, string? subscription);

    /// <summary>Deletes events older than <paramref name="before"/> that no subscription still waits for. Returns how many.</summary>
    int PruneEvents(DateTimeOffset before);

    /// <summary>
    /// Spends one use of a token that carries <c>maxuses</c> (key delivery replay prevention): true and the count goes up
    /// when fewer than <paramref name="maxUses"/> were spent, false otherwise. The count is kept until
    /// <paramref name="forget"/> (the token's expiry plus clock skew), so a restart does not hand the uses out again.
    /// </summary>
    bool TrySpendTokenUse(string tokenId, int maxUses, DateTimeOffset forget);

    /// <summary>Deletes the use counts of tokens to forget before <paramref name="now"/>; returns how many.</summary>
    int PruneTokenUses(DateTimeOffset now);
}
