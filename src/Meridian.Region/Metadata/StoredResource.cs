namespace Meridian.Region.Metadata;

/// <summary>A resource as the metadata store holds it: its key, an optional unique alternate key and a JSON body.</summary>
/// <param name="Key">Scope, kind and name.</param>
/// <param name="Body">The JSON document (see <c>ResourceDocument</c>).</param>
/// <param name="AlternateKey">A region-wide unique value per kind, e.g. a locator's streamingLocatorId; null when none.</param>
public sealed record StoredResource(ResourceKey Key, string Body, string? AlternateKey = null);
