using System.Text;
using System.Xml;

namespace Meridian.Media.Packaging.Dash;

/// <summary>
/// Renders a static MPEG-DASH MPD (ISO/IEC 23009-1, isoff-live profile) with <c>SegmentTemplate</c> and an exact
/// <c>SegmentTimeline</c> on the 10,000,000 timescale.
/// </summary>
/// <remarks>
/// One AdaptationSet per <see cref="TrackGroup"/> (all video of a codec family; audio per language, codec and role).
/// When every Representation of a set has the same name and timeline the template sits on the AdaptationSet (AMS
/// style), otherwise on each Representation. Text tracks are not rendered yet.
/// </remarks>
public static class DashManifestWriter
{
    private const string Namespace = "urn:mpeg:dash:schema:mpd:2011";

    public static string Write(SegmentPlan plan, DashOptions options, IManifestUrlPolicy urls, IManifestProtection? protection = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);
        protection ??= NoManifestProtection.Instance;
        var presentation = plan.Presentation;
        var output = new StringBuilder();
        using (var w = ManifestText.CreateXml(output))
        {
            w.WriteStartElement("MPD", Namespace);
            w.WriteAttributeString("profiles", options.Cmaf
                ? "urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019"
                : "urn:mpeg:dash:profile:isoff-live:2011");
            w.WriteAttributeString("type", "static");
            w.WriteAttributeString("mediaPresentationDuration", ManifestText.XsDuration(plan.Duration));
            var maxSegment = presentation.Tracks.Select(t => plan[t].MaxSegmentDuration).DefaultIfEmpty(0).Max();
            w.WriteAttributeString("minBufferTime", ManifestText.XsDuration(Math.Max(maxSegment, plan.Options.TargetDuration.Ticks)));
            w.WriteStartElement("Period", Namespace);
            w.WriteAttributeString("id", "0");
            w.WriteAttributeString("start", "PT0S");
            var adaptationId = 0;
            foreach (var group in presentation.Groups)
            {
                var tracks = group.Tracks.Where(t => plan[t].Segments.Count > 0).ToList();
                if (group.Kind == TrackKind.Text || tracks.Count == 0)
                {
                    continue;
                }

                WriteAdaptationSet(w, plan, group, tracks, ++adaptationId, urls, protection);
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        return output.Append('\n').ToString();
    }

    private static void WriteAdaptationSet(
        XmlWriter w, SegmentPlan plan, TrackGroup group, List<PresentationTrack> tracks, int id, IManifestUrlPolicy urls, IManifestProtection protection)
    {
        var video = group.Kind == TrackKind.Video;
        var first = tracks[0];
        w.WriteStartElement("AdaptationSet", Namespace);
        w.WriteAttributeString("id", ManifestText.Num(id));
        w.WriteAttributeString("contentType", video ? "video" : "audio");
        w.WriteAttributeString("mimeType", video ? "video/mp4" : "audio/mp4");
        // ISO/IEC 23009-1 §5.3.3.2: promised only when every Representation cuts its segments at the same times (a
        // rendition encoded with another GOP length does not).
        w.WriteAttributeString("segmentAlignment", tracks.TrueForAll(t => plan.SameTimeline(first, t)) ? "true" : "false");
        w.WriteAttributeString("startWithSAP", "1");
        if (!video && ManifestText.Bcp47(group.Language) is { } language)
        {
            w.WriteAttributeString("lang", language);
        }

        if (video)
        {
            w.WriteAttributeString("maxWidth", ManifestText.Num(tracks.Max(t => t.Width)));
            w.WriteAttributeString("maxHeight", ManifestText.Num(tracks.Max(t => t.Height)));
        }

        protection.WriteDashContentProtection(w, group);
        if (!video)
        {
            if (string.Equals(first.Accessibility, "description", StringComparison.OrdinalIgnoreCase))
            {
                Descriptor(w, "Accessibility", "urn:tva:metadata:cs:AudioPurposeCS:2007", "1");
            }

            Descriptor(w, "Role", "urn:mpeg:dash:role:2011", first.Role ?? "main");
        }

        var shared = tracks.TrueForAll(t => t.Name == first.Name && plan.SameTimeline(first, t));
        if (shared)
        {
            WriteTemplate(w, plan, first, urls);
        }

        foreach (var track in tracks)
        {
            w.WriteStartElement("Representation", Namespace);
            w.WriteAttributeString("id", RepresentationId(plan.Presentation, track));
            w.WriteAttributeString("bandwidth", ManifestText.Num(track.Bitrate));
            w.WriteAttributeString("codecs", track.CodecString);
            if (video)
            {
                w.WriteAttributeString("width", ManifestText.Num(track.Width));
                w.WriteAttributeString("height", ManifestText.Num(track.Height));
                if (track.FrameRate.Numerator > 0)
                {
                    w.WriteAttributeString("frameRate", ManifestText.FrameRate(track, asDecimal: false));
                }

                w.WriteAttributeString("sar", "1:1");
            }
            else
            {
                if (track.SampleRate > 0)
                {
                    w.WriteAttributeString("audioSamplingRate", ManifestText.Num(track.SampleRate));
                }

                if (track.Channels > 0)
                {
                    Descriptor(w, "AudioChannelConfiguration", "urn:mpeg:dash:23003:3:audio_channel_configuration:2011", ManifestText.Num(track.Channels));
                }
            }

            if (!shared)
            {
                WriteTemplate(w, plan, track, urls);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    /// <summary>AMS-style Representation id: <c>{ordinal}_{V|A|T}_{trackName}_{n}</c>, e.g. <c>1_V_video_1</c>.</summary>
    public static string RepresentationId(Presentation presentation, PresentationTrack track)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(track);
        var ordinal = 0;
        var sameName = 0;
        foreach (var t in presentation.Tracks)
        {
            ordinal++;
            if (t.Name == track.Name)
            {
                sameName++;
            }

            if (ReferenceEquals(t, track))
            {
                var letter = track.Kind switch { TrackKind.Video => 'V', TrackKind.Audio => 'A', _ => 'T' };
                return $"{ordinal}_{letter}_{track.Name}_{sameName}";
            }
        }

        throw new ArgumentException($"{track} is not part of the presentation.", nameof(track));
    }

    private static void WriteTemplate(XmlWriter w, SegmentPlan plan, PresentationTrack track, IManifestUrlPolicy urls)
    {
        w.WriteStartElement("SegmentTemplate", Namespace);
        w.WriteAttributeString("timescale", ManifestText.Num(Timeline.Timescale));
        w.WriteAttributeString("media", urls.DashMedia(track));
        w.WriteAttributeString("initialization", urls.DashInit(track));
        w.WriteStartElement("SegmentTimeline", Namespace);
        var segments = plan[track].Segments;
        var i = 0;
        long expected = -1;
        while (i < segments.Count)
        {
            var s = segments[i];
            var repeat = 0;
            while (i + repeat + 1 < segments.Count && segments[i + repeat + 1].Duration == s.Duration)
            {
                repeat++;
            }

            w.WriteStartElement("S", Namespace);
            if (s.Start != expected)
            {
                w.WriteAttributeString("t", ManifestText.Num(s.Start));
            }

            w.WriteAttributeString("d", ManifestText.Num(s.Duration));
            if (repeat > 0)
            {
                w.WriteAttributeString("r", ManifestText.Num(repeat));
            }

            w.WriteEndElement();
            i += repeat + 1;
            expected = s.Start + (s.Duration * (repeat + 1));
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Descriptor(XmlWriter w, string element, string scheme, string value)
    {
        w.WriteStartElement(element, Namespace);
        w.WriteAttributeString("schemeIdUri", scheme);
        w.WriteAttributeString("value", value);
        w.WriteEndElement();
    }
}
