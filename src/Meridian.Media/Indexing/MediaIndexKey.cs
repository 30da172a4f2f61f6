namespace Meridian.Media.Indexing;

/// <summary>
/// Identity plus version of a blob: a changed file (new length, last-write time or ETag) gets a new key, so a stale index
/// can never describe new bytes.
/// </summary>
/// <param name="Identity">Stable name, e.g. a path or container/blob name.</param>
/// <param name="Length">Blob length in bytes.</param>
/// <param name="Version">Last-write ticks or ETag.</param>
public sealed record MediaIndexKey(string Identity, long Length, string Version);
