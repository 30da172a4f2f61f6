namespace Meridian.Cli.Assets;

/// <summary>The content types uploads get for the file kinds an asset usually holds; anything else is a byte stream.</summary>
public static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4",
        [".m4v"] = "video/mp4",
        [".m4a"] = "audio/mp4",
        [".mov"] = "video/quicktime",
        [".ism"] = "application/xml",
        [".ismc"] = "application/xml",
        [".vtt"] = "text/vtt",
        [".json"] = "application/json",
        [".jpg"] = "image/jpeg",
        [".png"] = "image/png",
    };

    public static string Of(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : "application/octet-stream";
}
