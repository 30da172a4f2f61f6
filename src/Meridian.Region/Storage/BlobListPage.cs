namespace Meridian.Region.Storage;

/// <summary>A page of a listing in ordinal name order; <see cref="NextMarker"/> is null on the last page.</summary>
public sealed record BlobListPage(IReadOnlyList<BlobListEntry> Entries, string? NextMarker);
