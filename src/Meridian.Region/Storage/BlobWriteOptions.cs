namespace Meridian.Region.Storage;

/// <summary>How to write a blob: its headers and metadata, preconditions, size limit and expected checksum.</summary>
public sealed record BlobWriteOptions
{
    public BlobContentProperties Content { get; init; } = BlobContentProperties.Empty;

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Checked against the current blob at commit, atomically with the replacement.</summary>
    public BlobConditions? Conditions { get; init; }

    /// <summary>Most bytes the content may have; more is 413 <c>RequestBodyTooLarge</c>. The default is no limit.</summary>
    public long MaxLength { get; init; } = long.MaxValue;

    /// <summary>The base64 MD5 the content must have; a mismatch is 400 <c>Md5Mismatch</c> and nothing is written.</summary>
    public string? ExpectedMd5 { get; init; }
}
