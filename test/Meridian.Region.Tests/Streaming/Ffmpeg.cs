using System.Globalization;
using System.Text.Json.Nodes;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Streaming;

/// <summary>ffprobe and ffmpeg over files or origin URLs.</summary>
public static class Ffmpeg
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary><c>ffprobe -show_streams -show_format</c> as JSON.</summary>
    public static async Task<JsonNode> ProbeAsync(string input)
    {
        var (code, output) = await ProcessRunner.RunAsync("ffprobe",
            ["-v", "error", "-rw_timeout", "20000000", .. InputOptions(input), "-show_streams", "-show_format", "-of", "json", input], Path.GetTempPath(), null, Timeout);
        Assert.True(code == 0, $"ffprobe {input} failed: {output}");
        var start = output.IndexOf('{', StringComparison.Ordinal);
        Assert.True(start >= 0, $"ffprobe {input} printed no JSON: {output}");
        return JsonNode.Parse(output[start..])!;
    }

    /// <summary>The MD5 of every decoded frame of stream <paramref name="map"/>, in output order (the hash column of framemd5).</summary>
    public static async Task<IReadOnlyList<string>> FrameHashesAsync(string input, string map)
    {
        var (code, output) = await ProcessRunner.RunAsync("ffmpeg",
            ["-v", "error", "-rw_timeout", "20000000", .. InputOptions(input), "-i", input, "-map", map, "-f", "framemd5", "-"], Path.GetTempPath(), null, Timeout);
        Assert.True(code == 0, $"ffmpeg framemd5 {input} failed: {output}");
        return [.. output.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(',').Select(p => p.Trim()).ToArray())
            .Where(p => p.Length == 6)
            .Select(p => p[5])];
    }

    /// <summary>
    /// ffmpeg 5.1.9 (Debian) only fetches HLS segments whose URL ends in a media extension and whose content matches it;
    /// AMS segment URLs (<c>Fragments(video=0,format=m3u8-aapl)</c>) have none, so HLS inputs relax both checks.
    /// </summary>
    public static string[] InputOptions(string input) =>
        input.Contains("m3u8", StringComparison.Ordinal) ? ["-allowed_segment_extensions", "ALL", "-extension_picky", "0"] : [];

    /// <summary>ISO 639-2 (in MP4) to the RFC 5646 form that HLS and DASH manifests carry.</summary>
    public static string ShortLanguage(string language) => language switch
    {
        "eng" => "en",
        "spa" => "es",
        _ => language,
    };

    public static IEnumerable<JsonNode> Streams(JsonNode probe, string codecType) =>
        probe["streams"]!.AsArray().OfType<JsonNode>().Where(s => (string?)s["codec_type"] == codecType);

    public static double Seconds(JsonNode? value) =>
        double.Parse((string?)value ?? "nan", NumberStyles.Float, CultureInfo.InvariantCulture);
}
