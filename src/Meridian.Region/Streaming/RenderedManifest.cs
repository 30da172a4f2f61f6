namespace Meridian.Region.Streaming;

/// <summary>A manifest or playlist rendered once, with its validator, ready to be sent again.</summary>
public sealed record RenderedManifest(ReadOnlyMemory<byte> Body, string ETag, string ContentType);
