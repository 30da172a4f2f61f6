using System.Text;

namespace Meridian.Media.Packaging.Hls;

/// <summary>
/// Renders HLS master, media and I-frame playlists (RFC 8216) for a segment plan: exact durations from the sample
/// tables, relative URLs from the <see cref="IManifestUrlPolicy"/>, no clocks or hosts, so every node renders the same bytes.
/// </summary>
/// <remarks>
/// Audio tracks form one <c>EXT-X-MEDIA</c> group per codec; each video track is listed once per group. BANDWIDTH is
/// the peak segment bitrate of the video plus the group's highest audio peak, AVERAGE-BANDWIDTH the same with
/// averages, both over the bytes the container sends (<see cref="HlsWireSize"/>, an upper bound). In <see cref="HlsMode.TsMuxed"/> the
/// default (first) audio track is muxed into the video segments and there are no renditions.
/// </remarks>
public static class HlsPlaylistWriter
{
    /// <summary>
    /// The audio track muxed into video segments in <see cref="HlsMode.TsMuxed"/>: the first AAC track, since that is the
    /// format for old devices and every HLS client decodes AAC (an E-AC-3 track listed first would leave them silent);
    /// the first audio track when there is no AAC.
    /// </summary>
    public static PresentationTrack? DefaultAudio(Presentation presentation)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        return presentation.Audio.FirstOrDefault(t => t.CodecString.StartsWith("mp4a.", StringComparison.Ordinal)) ?? presentation.Audio.FirstOrDefault();
    }

    public static string WriteMaster(SegmentPlan plan, HlsOptions options, IManifestUrlPolicy urls, IManifestProtection? protection = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);
        protection ??= NoManifestProtection.Instance;
        var presentation = plan.Presentation;
        var text = Header(options.Version);
        text.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var line in protection.HlsMasterTags())
        {
            text.Append(line).Append('\n');
        }

        var video = presentation.Video.Where(t => plan[t].Segments.Count > 0).ToList();
        var audio = presentation.Audio.Where(t => plan[t].Segments.Count > 0).ToList();

        // A track's rates go into every variant that lists it (an audio track into one per video track): work them out once.
        var rates = new Dictionary<PresentationTrack, (long Peak, long Average)>();
        (long Peak, long Average) Rates(PresentationTrack track)
        {
            if (!rates.TryGetValue(track, out var known))
            {
                var segments = plan[track];
                rates[track] = known = segments.Bitrates(s => HlsWireSize.Segment(options.Mode, segments, s));
            }

            return known;
        }

        if (options.Mode == HlsMode.TsMuxed)
        {
            var muxed = DefaultAudio(presentation) is { } d && audio.Contains(d) ? d : null;
            foreach (var v in video)
            {
                StreamInf(text, Rates, v, muxed is null ? [] : [muxed], null);
                text.Append(urls.HlsPlaylist(v)).Append('\n');
            }

            if (video.Count == 0 && muxed is not null)
            {
                StreamInf(text, Rates, null, [muxed], null);
                text.Append(urls.HlsPlaylist(muxed)).Append('\n');
            }

            return text.ToString();
        }

        var groups = audio.GroupBy(a => a.CodecString).ToList();
        string GroupId(int i) => groups.Count == 1 ? "audio" : $"audio_{groups[i].Key}";
        for (var g = 0; g < groups.Count; g++)
        {
            var first = true;
            foreach (var a in groups[g])
            {
                text.Append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").Append(GroupId(g)).Append("\",NAME=\"").Append(Quoted(a.Name)).Append('"');
                if (ManifestText.Bcp47(a.Language) is { } language)
                {
                    text.Append(",LANGUAGE=\"").Append(language).Append('"');
                }

                text.Append(",DEFAULT=").Append(first ? "YES" : "NO").Append(",AUTOSELECT=YES");
                if (string.Equals(a.Accessibility, "description", StringComparison.OrdinalIgnoreCase))
                {
                    text.Append(",CHARACTERISTICS=\"public.accessibility.describes-video\"");
                }

                if (a.Channels > 0)
                {
                    text.Append(",CHANNELS=\"").Append(a.Channels).Append('"');
                }

                text.Append(",URI=\"").Append(Quoted(urls.HlsPlaylist(a))).Append("\"\n");
                first = false;
            }
        }

        foreach (var v in video)
        {
            if (groups.Count == 0)
            {
                StreamInf(text, Rates, v, [], null);
                text.Append(urls.HlsPlaylist(v)).Append('\n');
            }

            for (var g = 0; g < groups.Count; g++)
            {
                StreamInf(text, Rates, v, [.. groups[g]], GroupId(g));
                text.Append(urls.HlsPlaylist(v)).Append('\n');
            }
        }

        if (options.AudioOnlyVariant || video.Count == 0)
        {
            for (var g = 0; g < groups.Count; g++)
            {
                StreamInf(text, Rates, null, [.. groups[g]], GroupId(g));
                text.Append(urls.HlsPlaylist(groups[g].First())).Append('\n');
            }
        }

        if (options.IFramePlaylists)
        {
            foreach (var v in video)
            {
                var segments = plan[v];
                text.Append("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=").Append(IFramePeak(options.Mode, segments));
                text.Append(",CODECS=\"").Append(v.CodecString).Append('"');
                if (v.Width > 0 && v.Height > 0)
                {
                    text.Append(",RESOLUTION=").Append(v.Width).Append('x').Append(v.Height);
                }

                text.Append(",URI=\"").Append(Quoted(urls.HlsIFramePlaylist(v))).Append("\"\n");
            }
        }

        return text.ToString();
    }

    public static string WriteMedia(
        SegmentPlan plan, PresentationTrack track, HlsOptions options, IManifestUrlPolicy urls, IManifestProtection? protection = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);
        protection ??= NoManifestProtection.Instance;
        var segments = plan[track];
        var timescale = track.Track.Timescale;
        var max = segments.Segments.Count == 0 ? 0 : segments.Segments.Max(s => s.TrackDuration);
        var text = MediaHeader(options, track, urls, protection, CeilSeconds(max, timescale), iFrames: false);
        foreach (var segment in segments.Segments)
        {
            foreach (var line in protection.HlsSegmentTags(track, segment))
            {
                text.Append(line).Append('\n');
            }

            text.Append("#EXTINF:").Append(ManifestText.Seconds6(segment.TrackDuration, timescale)).Append(",\n");
            text.Append(urls.HlsSegment(track, segment)).Append('\n');
        }

        text.Append("#EXT-X-ENDLIST\n");
        return text.ToString();
    }

    /// <summary>
    /// An I-frame playlist: every sync sample with its duration to the next one, pointing at the policy's key-frame
    /// resource (or a byte range of the segment when the policy gives one).
    /// </summary>
    public static string WriteIFrames(
        SegmentPlan plan, PresentationTrack track, HlsOptions options, IManifestUrlPolicy urls, IManifestProtection? protection = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);
        protection ??= NoManifestProtection.Instance;
        var segments = plan[track];
        var frames = segments.Segments.SelectMany(s => segments.KeyFrames(s).Select(f => (Segment: s, Frame: f))).ToList();
        var max = frames.Count == 0 ? 0 : frames.Max(f => f.Frame.Duration);
        var text = MediaHeader(options with { Mode = options.Mode == HlsMode.TsMuxed ? HlsMode.Ts : options.Mode }, track, urls, protection,
            CeilSeconds(max, Timeline.Timescale), iFrames: true);
        foreach (var (segment, frame) in frames)
        {
            var reference = urls.HlsKeyFrame(track, segment, frame);
            foreach (var line in protection.HlsKeyFrameTags(track, frame))
            {
                text.Append(line).Append('\n');
            }

            text.Append("#EXTINF:").Append(ManifestText.Seconds6(frame.Duration, Timeline.Timescale)).Append(",\n");
            if (reference.HasByteRange)
            {
                text.Append("#EXT-X-BYTERANGE:").Append(reference.Length).Append('@').Append(reference.Offset).Append('\n');
            }

            text.Append(reference.Uri).Append('\n');
        }

        text.Append("#EXT-X-ENDLIST\n");
        return text.ToString();
    }

    private static StringBuilder Header(int version) =>
        new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").Append(version).Append('\n');

    private static StringBuilder MediaHeader(
        HlsOptions options, PresentationTrack track, IManifestUrlPolicy urls, IManifestProtection protection, long targetDuration, bool iFrames)
    {
        var text = Header(Math.Max(options.Version, protection.MinimumHlsVersion));
        text.Append("#EXT-X-TARGETDURATION:").Append(targetDuration).Append('\n');
        text.Append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        if (iFrames)
        {
            text.Append("#EXT-X-I-FRAMES-ONLY\n");
        }

        if (options.Mode == HlsMode.Cmaf)
        {
            text.Append("#EXT-X-MAP:URI=\"").Append(Quoted(urls.HlsInit(track))).Append("\"\n");
        }

        foreach (var line in protection.HlsMediaTags(track))
        {
            text.Append(line).Append('\n');
        }

        return text;
    }

    private static void StreamInf(
        StringBuilder text, Func<PresentationTrack, (long Peak, long Average)> rates, PresentationTrack? video,
        IReadOnlyList<PresentationTrack> audio, string? group)
    {
        long peak = 0;
        long average = 0;
        var codecs = new List<string>();
        if (video is not null)
        {
            (peak, average) = rates(video);
            codecs.Add(video.CodecString);
        }

        if (audio.Count > 0)
        {
            peak += audio.Max(a => rates(a).Peak);
            average += audio.Max(a => rates(a).Average);
            codecs.Add(audio[0].CodecString);
        }

        text.Append("#EXT-X-STREAM-INF:BANDWIDTH=").Append(peak).Append(",AVERAGE-BANDWIDTH=").Append(average);
        text.Append(",CODECS=\"").AppendJoin(',', codecs).Append('"');
        if (video is not null && video.Width > 0 && video.Height > 0)
        {
            text.Append(",RESOLUTION=").Append(video.Width).Append('x').Append(video.Height);
        }

        if (video is not null && video.FrameRate.Numerator > 0)
        {
            text.Append(",FRAME-RATE=").Append(ManifestText.FrameRate(video, asDecimal: true));
        }

        if (group is not null)
        {
            text.Append(",AUDIO=\"").Append(group).Append('"');
        }

        text.Append('\n');
    }

    private static long IFramePeak(HlsMode mode, TrackSegments segments)
    {
        long peak = 0;
        foreach (var segment in segments.Segments)
        {
            foreach (var frame in segments.KeyFrames(segment))
            {
                if (frame.Duration > 0)
                {
                    peak = Math.Max(peak, TrackSegments.BitsPerSecond(HlsWireSize.KeyFrame(mode, frame.Size), frame.Duration));
                }
            }
        }

        return peak;
    }

    private static long CeilSeconds(long value, long timescale) => Math.Max(1, (value + timescale - 1) / timescale);

    // Quoted-string attribute values cannot hold '"' or line breaks (RFC 8216 §4.2); names come from customer files.
    private static string Quoted(string value) =>
        value.Contains('"', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)
            ? value.Replace("\"", "%22", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal)
            : value;
}
