namespace Meridian.Region.Storage.Endpoint;

/// <summary>Limits of the blob endpoint. Register a replacement instance to change them (tests do).</summary>
public sealed class BlobEndpointOptions
{
    /// <summary>
    /// Largest Put Blob body, in bytes. The default is 256 MiB, the size up to which the Azure SDK uploads in one request
    /// by default; larger uploads go in blocks.
    /// </summary>
    public long MaxPutBlobBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest Put Block body, in bytes. The default is 256 MiB.</summary>
    public long MaxBlockBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest Put Block List body, in bytes. The default is 8 MiB, enough for 50,000 block ids.</summary>
    public long MaxBlockListBytes { get; set; } = 8L * 1024 * 1024;
}
