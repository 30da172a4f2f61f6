namespace Meridian.Region.Tests.Streaming;

/// <summary>A fetched origin body and its ETag header.</summary>
public sealed record Fetched(byte[] Body, string ETag);
