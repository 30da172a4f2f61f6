namespace Meridian.Region.Metadata;

/// <summary>
/// Identifies a stored resource. <paramref name="Scope"/> is the lower-cased ARM parent path
/// (e.g. <c>{sub}/{rg}/{account}</c>, or <c>{sub}/{rg}/{account}/assets/{asset}</c> for asset filters),
/// <paramref name="Kind"/> the collection, and <paramref name="Name"/> the resource name. Names compare case-insensitively.
/// </summary>
public sealed record ResourceKey(string Scope, string Kind, string Name)
{
    /// <summary>The name as it is indexed: names are case-insensitive, as in ARM.</summary>
    public string NameKey => Name.ToLowerInvariant();
}
