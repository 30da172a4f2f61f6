namespace Meridian.Region.Streaming;

/// <summary>Content types of downloadable files, by extension.</summary>
public static class ContentTypes
{
    public static string ForFile(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".mp4" or ".m4v" or ".ismv" => "video/mp4",
            ".m4a" or ".isma" => "audio/mp4",
            ".mp3" => "audio/mpeg",
            ".vtt" => "text/vtt",
            ".ttml" => "application/ttml+xml",
            ".json" => "application/json",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".png" => "image/png",
            _ => "application/octet-stream",
        };
    }
}
