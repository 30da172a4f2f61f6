using System.Globalization;
using Meridian.Region.ControlPlane.Jobs;
using Meridian.Region.ControlPlane.Transforms;
using Meridian.Region.Storage;

namespace Meridian.Region.Encoder;

/// <summary>
/// Turns a preset and a probed source into renditions named the AMS way: video <c>{base}_{W}x{H}_{kbps}.mp4</c>, audio
/// <c>{base}_AACAudio_{kbps}.mp4</c>. Fixed presets keep their heights and take the width from the source's aspect ratio;
/// the adaptive presets build the ladder from the source and never upscale.
/// </summary>
public static class PresetPlanner
{
    public static readonly TimeSpan DefaultKeyFrameInterval = TimeSpan.FromSeconds(2);

    // (height, kbps) rungs of the AMS H.264 ladders.
    private static readonly (int Height, int Kbps)[] _h264Ladder1080 =
        [(1080, 6000), (1080, 4700), (720, 3400), (540, 2250), (540, 1500), (360, 1000), (360, 650), (180, 400)];

    private static readonly (int Height, int Kbps)[] _h264Ladder720 = [(720, 3400), (540, 2250), (540, 1500), (360, 1000), (360, 650), (180, 400)];

    private static readonly (int Height, int Kbps)[] _h264LadderSd = [(480, 1600), (480, 1200), (360, 1000), (360, 650), (240, 400)];

    // The adaptive ladder: one rung per height at or under the source.
    private static readonly (int Height, int Kbps)[] _adaptive = [(2160, 14000), (1440, 9000), (1080, 6000), (720, 3400), (540, 2250), (360, 1000), (240, 500), (180, 300)];

    public static EncodePlan Plan(Preset preset, SourceInfo source, string baseName)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(source);
        var plan = preset switch
        {
            BuiltInStandardEncoderPreset builtIn => BuiltIn(builtIn.PresetName, source, baseName),
            StandardEncoderPreset standard => Standard(standard, source, baseName),
            _ => throw new EncodingFailure(JobErrors.ConfigurationUnsupported("The preset type is not supported.")),
        };
        if (plan.Renditions.Count == 0)
        {
            throw new EncodingFailure(JobErrors.ContentUnsupported(
                $"The input has no stream this preset encodes (the input has {(source.HasVideo ? "video" : "no video")} and " +
                $"{(source.HasAudio ? "audio" : "no audio")})."));
        }

        return plan;
    }

    private static EncodePlan BuiltIn(EncoderNamedPreset name, SourceInfo source, string baseName)
    {
        var renditions = new List<Rendition>();
        switch (name)
        {
            case EncoderNamedPreset.AdaptiveStreaming:
                renditions.AddRange(Adaptive(source, baseName, "h264", 1.0));
                break;
            case EncoderNamedPreset.H265AdaptiveStreaming:
                renditions.AddRange(Adaptive(source, baseName, "h265", 0.6));
                break;
            case EncoderNamedPreset.H264MultipleBitrate1080p:
                renditions.AddRange(Fixed(source, baseName, "h264", _h264Ladder1080));
                break;
            case EncoderNamedPreset.H264MultipleBitrate720p:
                renditions.AddRange(Fixed(source, baseName, "h264", _h264Ladder720));
                break;
            case EncoderNamedPreset.H264MultipleBitrateSD:
                renditions.AddRange(Fixed(source, baseName, "h264", _h264LadderSd));
                break;
            case EncoderNamedPreset.H264SingleBitrate1080p:
                renditions.AddRange(Fixed(source, baseName, "h264", [(1080, 6750)]));
                break;
            case EncoderNamedPreset.H264SingleBitrate720p:
                renditions.AddRange(Fixed(source, baseName, "h264", [(720, 4500)]));
                break;
            case EncoderNamedPreset.H264SingleBitrateSD:
                renditions.AddRange(Fixed(source, baseName, "h264", [(480, 2200)]));
                break;
            case EncoderNamedPreset.H265SingleBitrate720p:
                renditions.AddRange(Fixed(source, baseName, "h265", [(720, 1800)]));
                break;
            case EncoderNamedPreset.H265SingleBitrate1080p:
                renditions.AddRange(Fixed(source, baseName, "h265", [(1080, 3500)]));
                break;
            case EncoderNamedPreset.H265SingleBitrate4K:
                renditions.AddRange(Fixed(source, baseName, "h265", [(2160, 9500)]));
                break;
            case EncoderNamedPreset.AACGoodQualityAudio:
                if (source.HasAudio)
                {
                    renditions.Add(Audio(baseName, 192_000, 2));
                }

                return new EncodePlan(renditions, DefaultKeyFrameInterval);
            case EncoderNamedPreset.CopyAllBitrateNonInterleaved:
                if (source.HasVideo)
                {
                    var kbps = Math.Max(1, (int)(source.VideoBitrate / 1000));
                    renditions.Add(new Rendition($"{baseName}_{source.Width}x{source.Height}_{kbps}.mp4", true, "copy", source.Width, source.Height, kbps * 1000));
                }

                if (source.HasAudio)
                {
                    var kbps = Math.Max(1, (int)(source.AudioBitrate / 1000));
                    renditions.Add(new Rendition($"{baseName}_AACAudio_{kbps}.mp4", false, "copy", 0, 0, kbps * 1000, Channels: source.AudioChannels));
                }

                return new EncodePlan(renditions, DefaultKeyFrameInterval);
            default:
                throw new EncodingFailure(JobErrors.ConfigurationUnsupported($"The preset '{name}' is not supported."));
        }

        if (source.HasAudio)
        {
            renditions.Add(Audio(baseName, 128_000, 2));
        }

        return new EncodePlan(renditions, DefaultKeyFrameInterval);
    }

    private static IEnumerable<Rendition> Adaptive(SourceInfo source, string baseName, string codec, double bitrateFactor)
    {
        if (!source.HasVideo)
        {
            yield break;
        }

        // The top rung is the source's height (never more), at most what the source itself carries.
        var top = Math.Min(source.Height, 2160);
        var sourceKbps = source.VideoBitrate > 0 ? (int)(source.VideoBitrate / 1000) : int.MaxValue;
        var rungs = _adaptive.Where(r => r.Height < top).ToList();
        var reference = _adaptive.Where(r => r.Height >= top).OrderBy(r => r.Height).DefaultIfEmpty(_adaptive[^1]).First();
        var topKbps = (int)(reference.Kbps * Math.Min(1.0, top / (double)reference.Height));
        rungs.Insert(0, (top, topKbps));
        var seen = new HashSet<int>();
        foreach (var (height, kbps) in rungs)
        {
            var scaled = Math.Max(100, (int)Math.Min(kbps * bitrateFactor, sourceKbps));
            var h = Even(height);
            if (seen.Add(h))
            {
                yield return Video(baseName, codec, WidthFor(source, h), h, scaled);
            }
        }
    }

    private static IEnumerable<Rendition> Fixed(SourceInfo source, string baseName, string codec, (int Height, int Kbps)[] ladder) =>
        source.HasVideo ? ladder.Select(r => Video(baseName, codec, WidthFor(source, r.Height), Even(r.Height), r.Kbps)) : [];

    private static EncodePlan Standard(StandardEncoderPreset preset, SourceInfo source, string baseName)
    {
        var renditions = new List<Rendition>();
        var interval = DefaultKeyFrameInterval;
        var pattern = preset.Formats?.FirstOrDefault()?.FilenamePattern;
        foreach (var codec in preset.Codecs ?? [])
        {
            switch (codec)
            {
                case VideoCodec video when source.HasVideo:
                    interval = ControlPlane.Transforms.TransformKind.ParseDuration(video.KeyFrameInterval) ?? interval;
                    var name = video is H265Video ? "h265" : "h264";
                    foreach (var layer in video.Layers ?? [])
                    {
                        var height = Even(Size(layer.Height, source.Height) ?? (Size(layer.Width, source.Width) is { } w ? (int)(w * (double)source.Height / source.Width) : source.Height));
                        var width = Size(layer.Width, source.Width) is { } given ? Even(given) : WidthFor(source, height);
                        var kbps = (layer.Bitrate ?? 1_000_000) / 1000;
                        var file = FileName(pattern, baseName, layer.Label ?? codec.Label ?? "Video", kbps, name, $"{width}x{height}") ?? $"{baseName}_{width}x{height}_{kbps}.mp4";
                        renditions.Add(new Rendition(file, true, name, width, height, layer.Bitrate ?? 1_000_000, layer.Profile));
                    }

                    break;
                case AacAudio audio when source.HasAudio:
                    var bitrate = audio.Bitrate ?? 128_000;
                    var audioFile = FileName(pattern, baseName, audio.Label ?? "AACAudio", bitrate / 1000, "AAC", "") ?? $"{baseName}_AACAudio_{bitrate / 1000}.mp4";
                    renditions.Add(new Rendition(audioFile, false, "aac", 0, 0, bitrate, Channels: audio.Channels ?? 2));
                    break;
            }
        }

        if (renditions.Select(r => r.FileName).Distinct(StringComparer.OrdinalIgnoreCase).Count() != renditions.Count)
        {
            throw new EncodingFailure(JobErrors.ConfigurationUnsupported("The filenamePattern gives two layers the same file name; add {Bitrate} or {Resolution}."));
        }

        return new EncodePlan(renditions, interval);
    }

    private static string? FileName(string? pattern, string baseName, string label, int kbps, string codec, string resolution)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        var name = OutputFileName.Expand(pattern, baseName, label, kbps, codec, resolution);
        if (BlobNames.PlainNameError(name) is { } error)
        {
            // The transform's validation refuses such patterns; this holds for transforms stored before it did.
            throw new EncodingFailure(JobErrors.ConfigurationUnsupported($"The filenamePattern gives the file name '{name}', which cannot be used: {error}."));
        }

        return name;
    }

    private static int? Size(string? text, int sourceSize)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text.EndsWith('%')
            ? (int)(sourceSize * int.Parse(text[..^1], CultureInfo.InvariantCulture) / 100.0)
            : int.Parse(text, CultureInfo.InvariantCulture);
    }

    private static Rendition Video(string baseName, string codec, int width, int height, int kbps) =>
        new($"{baseName}_{width}x{height}_{kbps}.mp4", true, codec, width, height, kbps * 1000);

    private static Rendition Audio(string baseName, int bitrate, int channels) =>
        new($"{baseName}_AACAudio_{bitrate / 1000}.mp4", false, "aac", 0, 0, bitrate, Channels: channels);

    private static int WidthFor(SourceInfo source, int height) =>
        source.Height > 0 ? Even((int)Math.Round(height * (double)source.Width / source.Height)) : Even(height * 16 / 9);

    private static int Even(int value) => Math.Max(2, value - (value % 2));
}
