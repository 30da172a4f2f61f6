using System.Text.Json.Nodes;

namespace Meridian.Region.Encoder;

/// <summary>Writes <c>{base}_manifest.json</c>: the output files with their codec, size, bitrate and the shared GOP length.</summary>
public static class OutputMetadataWriter
{
    public static string Write(EncodePlan plan, SourceInfo source, string sourceName, IReadOnlyDictionary<string, long> sizes)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sizes);
        var files = new JsonArray();
        foreach (var r in plan.Renditions)
        {
            var file = new JsonObject
            {
                ["name"] = r.FileName,
                ["size"] = sizes.TryGetValue(r.FileName, out var size) ? size : 0,
                ["type"] = r.IsVideo ? "video" : "audio",
                ["codec"] = r.Codec,
                ["bitrate"] = r.Bitrate,
            };
            if (r.IsVideo)
            {
                file["width"] = r.Width;
                file["height"] = r.Height;
            }
            else
            {
                file["channels"] = r.Channels;
            }

            files.Add(file);
        }

        var json = new JsonObject
        {
            ["version"] = "1.0",
            ["source"] = new JsonObject { ["name"] = sourceName, ["duration"] = source.DurationSeconds, ["width"] = source.Width, ["height"] = source.Height },
            ["keyFrameIntervalSeconds"] = plan.KeyFrameInterval.TotalSeconds,
            ["files"] = files,
        };
        return json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
