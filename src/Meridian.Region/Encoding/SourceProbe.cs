using System.Globalization;
using System.Text.Json;
using Meridian.Region.ControlPlane.Jobs;

namespace Meridian.Region.Encoder;

/// <summary>Reads an input's streams with ffprobe; an input ffprobe cannot read is <c>ContentMalformed</c>.</summary>
public static class SourceProbe
{
    public static async Task<SourceInfo> ProbeAsync(IFfmpegRunner runner, EncodingOptions options, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        var outcome = await runner.RunAsync(options.FfprobePath,
            ["-v", "error", .. options.InputGuard(), "-print_format", "json", "-show_format", "-show_streams", path],
            null, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2), System.Diagnostics.ProcessPriorityClass.Normal, cancellationToken);
        if (outcome.TimedOut || outcome.Stalled)
        {
            throw new EncodingFailure(JobErrors.ServiceError("Reading the input's streams took too long."));
        }

        if (outcome.ExitCode != 0)
        {
            // ffprobe names the file by its path in the region's data directory, which is nobody's business.
            var reason = FirstLine(outcome.StandardError).Replace(path, Path.GetFileName(path), StringComparison.Ordinal);
            throw new EncodingFailure(JobErrors.ContentMalformed($"The input is not a media file ffmpeg can read: {reason}"));
        }

        try
        {
            using var json = JsonDocument.Parse(outcome.StandardOutput);
            var root = json.RootElement;
            var info = new SourceInfo();
            if (root.TryGetProperty("format", out var format) && Number(format, "duration") is { } duration)
            {
                info = info with { DurationSeconds = duration };
            }

            foreach (var stream in root.TryGetProperty("streams", out var streams) ? streams.EnumerateArray() : default)
            {
                var type = stream.TryGetProperty("codec_type", out var t) ? t.GetString() : null;
                if (type == "video" && !info.HasVideo && !(stream.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var pic) && pic.GetInt32() == 1))
                {
                    info = info with
                    {
                        HasVideo = true,
                        Width = stream.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
                        Height = stream.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
                        FrameRate = Rate(stream, "avg_frame_rate") ?? Rate(stream, "r_frame_rate") ?? 25,
                        VideoBitrate = (long)(Number(stream, "bit_rate") ?? 0),
                        VideoCodec = stream.TryGetProperty("codec_name", out var c) ? c.GetString() : null,
                    };
                }
                else if (type == "audio" && !info.HasAudio)
                {
                    info = info with
                    {
                        HasAudio = true,
                        AudioChannels = stream.TryGetProperty("channels", out var ch) ? ch.GetInt32() : 2,
                        AudioBitrate = (long)(Number(stream, "bit_rate") ?? 0),
                    };
                }
            }

            if (!info.HasVideo && !info.HasAudio)
            {
                throw new EncodingFailure(JobErrors.ContentMalformed("The input has no video or audio stream."));
            }

            if (info.HasVideo && (info.Width <= 0 || info.Height <= 0))
            {
                throw new EncodingFailure(JobErrors.ContentMalformed("The input's video stream has no size."));
            }

            if (info.VideoBitrate == 0 && info.HasVideo && info.DurationSeconds > 0 && root.TryGetProperty("format", out var f) && Number(f, "bit_rate") is { } total)
            {
                info = info with { VideoBitrate = (long)total };
            }

            return info;
        }
        catch (JsonException e)
        {
            throw new EncodingFailure(JobErrors.ServiceError($"ffprobe printed unreadable output: {e.Message}"));
        }
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
        double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static double? Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var value) || value.GetString() is not { } text)
        {
            return null;
        }

        var parts = text.Split('/');
        return parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var num) &&
            double.TryParse(parts[1], CultureInfo.InvariantCulture, out var den) && den > 0 && num > 0 ? num / den : null;
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "unknown error";
}
