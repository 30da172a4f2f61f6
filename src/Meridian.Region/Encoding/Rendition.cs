namespace Meridian.Region.Encoder;

/// <summary>One output MP4. Video renditions have a size; <see cref="Codec"/> is h264, h265, aac or copy.</summary>
public sealed record Rendition(string FileName, bool IsVideo, string Codec, int Width, int Height, int Bitrate, string? Profile = null, int Channels = 2);
