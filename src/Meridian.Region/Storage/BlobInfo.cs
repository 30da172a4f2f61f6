namespace Meridian.Region.Storage;

/// <summary>A committed blob: its size, times, entity tag, headers and metadata.</summary>
public sealed record BlobInfo
{
    public required string Name { get; init; }

    public required long Length { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    /// <summary>The quoted entity tag, e.g. <c>"0x8DC0A1B2C3D4E5F6"</c>. It changes on every write.</summary>
    public required string ETag { get; init; }

    public BlobContentProperties Content { get; init; } = BlobContentProperties.Empty;

    /// <summary>User metadata (<c>x-ms-meta-*</c>), names compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
