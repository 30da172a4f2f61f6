namespace Meridian.Region.Storage;

/// <summary>One entry of a listing: a blob, or (with a delimiter) a virtual directory prefix when <see cref="Blob"/> is null.</summary>
public sealed record BlobListEntry(string Name, BlobInfo? Blob);
