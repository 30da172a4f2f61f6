namespace Meridian.Media.Indexing;

/// <summary>Options for <see cref="MediaIndexCache"/>.</summary>
public sealed class MediaIndexCacheOptions
{
    /// <summary>Approximate bytes of indexes kept in memory before the least recently used are dropped. Default 256 MiB.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;
}
