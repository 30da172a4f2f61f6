namespace Meridian.Region.Storage;

/// <summary>
/// What <see cref="FileSystemBlobStore"/> keeps beside a blob's content file. <see cref="Length"/> and
/// <see cref="FileTicks"/> identify the content file it describes, so a sidecar left stale by a crash between the two
/// renames of a commit is recognized and ignored.
/// </summary>
internal sealed record BlobSidecar
{
    public long Length { get; init; }

    /// <summary>The content file's last-write time (UTC ticks), which a rename keeps.</summary>
    public long FileTicks { get; init; }

    public string ETag { get; init; } = "";

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset LastModified { get; init; }

    public BlobContentProperties Content { get; init; } = BlobContentProperties.Empty;

    public Dictionary<string, string>? Metadata { get; init; }

    public bool Describes(long length, long fileTicks) => Length == length && FileTicks == fileTicks;

    public BlobInfo ToInfo(string name) => new()
    {
        Name = name,
        Length = Length,
        Created = Created,
        LastModified = LastModified,
        ETag = ETag,
        Content = Content,
        Metadata = Metadata is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(Metadata, StringComparer.OrdinalIgnoreCase),
    };
}
