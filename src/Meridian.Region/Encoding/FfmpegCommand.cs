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

        args.AddRange(options.InputGuard());
        args.AddRange(["-i", input]);

        var videos = plan.Renditions.Where(r => r.IsVideo && r.Codec != "copy").ToList();
        if (videos.Count > 0)
        {
            args.AddRange(["-filter_complex", ScalingGraph(videos)]);
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

    /// <summary>
    /// The filter graph from the decoded source to one <c>[vN]</c> pad per video layer. A layer is scaled from the smallest
    /// larger layer that is at least twice its width and height, else from the source: the AdaptiveStreaming ladder of a
    /// 1080p source scales 1080p and 720p from the source, 540p from 1080p, 360p from 720p, 240p from 540p and 180p from 360p. Each resampling at least halves the
    /// picture, so a layer is resampled at most a few times, and the small layers no longer each read a full-size frame
    /// (8 % less CPU for the whole command on the AdaptiveStreaming ladder of a 1080p clip; BENCHMARKS.md section 3). Layers of the same
    /// size share one scaler.
    /// </summary>
    public static string ScalingGraph(IReadOnlyList<Rendition> videos)
    {
        ArgumentNullException.ThrowIfNull(videos);
        var parents = new int[videos.Count];
        var copies = new bool[videos.Count];
        for (var i = 0; i < videos.Count; i++)
        {
            parents[i] = -1;
            var same = Enumerable.Range(0, i).FirstOrDefault(j => videos[j].Width == videos[i].Width && videos[j].Height == videos[i].Height, -1);
            if (same >= 0)
            {
                // A second bitrate at the same size (H264MultipleBitrate1080p has three pairs) takes the same frames.
                parents[i] = same;
                copies[i] = true;
                continue;
            }

            for (var j = 0; j < videos.Count; j++)
            {
                if (videos[j].Width >= 2 * videos[i].Width && videos[j].Height >= 2 * videos[i].Height &&
                    (parents[i] < 0 || (long)videos[j].Width * videos[j].Height < (long)videos[parents[i]].Width * videos[parents[i]].Height))
                {
                    parents[i] = j;
                }
            }
        }

        // [iN] feeds layer N's scaler; a node with several consumers splits.
        static string Feeds(IEnumerable<int> children) => string.Concat(children.Select(c => $"[i{c}]"));
        var graph = new StringBuilder();
        var fromSource = Enumerable.Range(0, videos.Count).Where(i => parents[i] < 0).ToList();
        graph.Append(CultureInfo.InvariantCulture, $"[0:v:0]split={fromSource.Count}{Feeds(fromSource)}");
        for (var i = 0; i < videos.Count; i++)
        {
            var children = Enumerable.Range(0, videos.Count).Where(c => parents[c] == i).ToList();
            graph.Append(copies[i]
                ? string.Create(CultureInfo.InvariantCulture, $";[i{i}]null")
                : string.Create(CultureInfo.InvariantCulture, $";[i{i}]scale={videos[i].Width}:{videos[i].Height},setsar=1,format=yuv420p"));
            graph.Append(children.Count == 0
                ? $"[v{i}]"
                : string.Create(CultureInfo.InvariantCulture, $",split={children.Count + 1}[v{i}]{Feeds(children)}"));
        }

        return graph.ToString();
    }

    private static string Profile(string? profile) => profile?.ToLowerInvariant() switch
    {
        "baseline" => "baseline",
        "main" => "main",
        _ => "high",
    };

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
