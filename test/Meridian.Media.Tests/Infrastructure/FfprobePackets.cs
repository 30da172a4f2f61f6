using System.Globalization;
using System.Text.Json.Nodes;

namespace Meridian.Media.Tests.Infrastructure;

/// <summary>ffprobe's view of the packets of a file, grouped by MP4 track id.</summary>
public static class FfprobePackets
{
    public sealed record Packet(long Dts, long Duration, long Size, bool Key);

    public static async Task<Dictionary<uint, List<Packet>>> ReadAsync(string path)
    {
        var json = await ProcessRunner.RunAsync(
            "ffprobe",
            ["-v", "error", "-show_entries", "stream=index,id:packet=stream_index,pts,dts,duration,size,flags", "-of", "json", path]);
        var root = JsonNode.Parse(json)!;
        var trackOfStream = new Dictionary<int, uint>();
        foreach (var s in root["streams"]!.AsArray())
        {
            var id = (string)s!["id"]!;
            trackOfStream[(int)s["index"]!] = uint.Parse(id.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        var result = new Dictionary<uint, List<Packet>>();
        foreach (var p in root["packets"]!.AsArray())
        {
            var track = trackOfStream[(int)p!["stream_index"]!];
            if (!result.TryGetValue(track, out var list))
            {
                result[track] = list = [];
            }

            list.Add(new Packet(
                (long)p["dts"]!,
                p["duration"] is { } d ? (long)d : 0,
                long.Parse((string)p["size"]!, CultureInfo.InvariantCulture),
                ((string)p["flags"]!).Contains('K', StringComparison.Ordinal)));
        }

        return result;
    }
}
