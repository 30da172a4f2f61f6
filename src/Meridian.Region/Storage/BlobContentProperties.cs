namespace Meridian.Region.Storage;

/// <summary>The HTTP headers a blob is served with. Null means not set (the type defaults to application/octet-stream).</summary>
public sealed record BlobContentProperties
{
    public static readonly BlobContentProperties Empty = new();

    public string? ContentType { get; init; }

    public string? ContentEncoding { get; init; }

    public string? ContentLanguage { get; init; }

    public string? ContentDisposition { get; init; }

    public string? CacheControl { get; init; }

    /// <summary>The base64 MD5 of the whole content, when known.</summary>
    public string? ContentMd5 { get; init; }
}
