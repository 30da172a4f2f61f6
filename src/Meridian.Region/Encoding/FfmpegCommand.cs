using System.Globalization;
using System.Text;

namespace Meridian.Region.Encoder;

/// <summary>
/// Builds the one ffmpeg command that decodes the source once and encodes every rendition of a plan: the decoded video is
/// split to one scaler per layer. Every video layer gets the same fixed GOP (keyframes forced at multiples of the interval,
/// no scene-cut keyframes, closed GOPs), so the renditions are GOP-aligned; audio goes to its own MP4.
/// </summary>
public static class FfmpegCommand
{
    public static IReadOnlyList<string> Build(
        EncodePlan plan, SourceInfo source, string input, string outputDirectory, TimeSpan? start, TimeSpan? end, EncodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var args = new List<string> { "-nostdin", "-y", "-hide_banner", "-v", "error", "-progress", "pipe:1", "-nostats" };
        if (options.Threads > 0)
        {
            args.AddRange(["-threads", options.Threads.ToString(CultureInfo.InvariantCulture)]);
        }

        if (start is { } s)
        {
            args.AddRange(["-ss", Seconds(s)]);
        }

        if (end is { } e)
        {
            args.AddRange(["-to", Seconds(e)]);
        }

        args.AddRange(["-i", input]);

        var videos = plan.Renditions.Where(r => r.IsVideo && r.Codec != "copy").ToList();
        if (videos.Count > 0)
        {
            var graph = new StringBuilder();
            graph.Append(CultureInfo.InvariantCulture, $"[0:v:0]split={videos.Count}");
            for (var i = 0; i < videos.Count; i++)
            {
                graph.Append(CultureInfo.InvariantCulture, $"[s{i}]");
            }

            for (var i = 0; i < videos.Count; i++)
            {
                graph.Append(CultureInfo.InvariantCulture, $";[s{i}]scale={videos[i].Width}:{videos[i].Height},setsar=1,format=yuv420p[v{i}]");
            }

            args.AddRange(["-filter_complex", graph.ToString()]);
        }

        var fps = source.FrameRate > 0 ? source.FrameRate : 25;
        var gopFrames = Math.Max(1, (int)Math.Round(plan.KeyFrameInterval.TotalSeconds * fps));
        var interval = Seconds(plan.KeyFrameInterval);
        var videoIndex = 0;
        foreach (var rendition in plan.Renditions)
        {
            var path = Path.Combine(outputDirectory, rendition.FileName);
            if (rendition.Codec == "copy")
            {
                args.AddRange(["-map", rendition.IsVideo ? "0:v:0" : "0:a:0", "-c", "copy", "-movflags", "+faststart", path]);
                continue;
            }

            if (!rendition.IsVideo)
            {
                var bitrate = rendition.Bitrate.ToString(CultureInfo.InvariantCulture);
                args.AddRange(["-map", "0:a:0", "-vn", "-sn", "-dn", "-c:a", "aac", "-b:a", bitrate, "-ac",
                    rendition.Channels.ToString(CultureInfo.InvariantCulture), "-ar", "48000", "-movflags", "+faststart", path]);
                continue;
            }

            var kbps = rendition.Bitrate / 1000;
            var gop = gopFrames.ToString(CultureInfo.InvariantCulture);
            args.AddRange(["-map", $"[v{videoIndex++}]", "-an", "-sn", "-dn"]);
            if (rendition.Codec == "h265")
            {
                args.AddRange(["-c:v", "libx265", "-tag:v", "hvc1", "-preset", options.SpeedPreset,
                    "-x265-params", $"keyint={gop}:min-keyint={gop}:scenecut=0:open-gop=0:log-level=error"]);
            }
            else
            {
                args.AddRange(["-c:v", "libx264", "-preset", options.SpeedPreset, "-profile:v", Profile(rendition.Profile),
                    "-x264-params", $"keyint={gop}:min-keyint={gop}:scenecut=0:open-gop=0"]);
            }

            args.AddRange([
                "-b:v", $"{kbps}k", "-maxrate", $"{kbps * 3 / 2}k", "-bufsize", $"{kbps * 2}k",
                "-force_key_frames", $"expr:gte(t,n_forced*{interval})",
                "-movflags", "+faststart", path,
            ]);
        }

        return args;
    }

    private static string Profile(string? profile) => profile?.ToLowerInvariant() switch
    {
        "baseline" => "baseline",
        "main" => "main",
        _ => "high",
    };

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
