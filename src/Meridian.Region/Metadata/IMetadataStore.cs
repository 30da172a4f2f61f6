namespace Meridian.Region.Metadata;

/// <summary>
/// The region's durable metadata. SQLite is the embedded implementation; the interface is narrow so that a
/// PostgreSQL one can fill it.
/// </summary>
public interface IMetadataStore
{
    /// <summary>
    /// A number that grows with every committed write that puts or deletes a resource (event-outbox bookkeeping does not
    /// count). Readers cache derived state (resolved locators, the key index) against it: such a write may have changed what
    /// they derived from.
    /// </summary>
    long Generation { get; }

    /// <summary>
    /// Like <see cref="Generation"/>, but it moves only with writes that put or delete a resource of a kind outside
    /// <paramref name="kinds"/> (store kinds, e.g. <c>jobs</c>). Caches of what job progress cannot change (the origin's,
    /// key delivery's) use it, so a running encode does not empty them every few seconds.
    /// </summary>
    long GenerationExcept(IReadOnlySet<string> kinds);

    /// <summary>Runs <paramref name="work"/> in a read transaction.</summary>
    Task<T> ReadAsync<T>(Func<IMetadataSession, T> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> in a serialized write transaction. If it throws, nothing it wrote is kept.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IMetadataSession, T> work, CancellationToken cancellationToken = default);
}
