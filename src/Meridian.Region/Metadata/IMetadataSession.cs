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
}
