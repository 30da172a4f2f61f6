using System.Text;
using System.Xml;
using Meridian.Media.Isobmff;
using Meridian.Media.Smooth;

namespace Meridian.Media.Packaging.Smooth;

/// <summary>
/// Renders a Smooth Streaming client manifest ([MS-SSTR] §2.2.2): one video StreamIndex per video track name holding
/// the renditions that share its timeline, one StreamIndex per audio track, <c>c</c> chunks on the 10,000,000 timescale.
/// </summary>
/// <remarks>
/// In version 2.2 consecutive equal chunks are folded with <c>r</c>, which [MS-SSTR] defines as one-based (the number
/// of chunks in the run; omitted for 1). Video tracks whose segments do not line up with the first track of their name
/// cannot share its StreamIndex and are left out; text tracks are not rendered yet.
/// </remarks>
public static class SmoothManifestWriter
{
    public static string Write(SegmentPlan plan, SmoothOptions options, IManifestUrlPolicy urls, IManifestProtection? protection = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);
        protection ??= NoManifestProtection.Instance;
        var presentation = plan.Presentation;
        var output = new StringBuilder();
        using (var w = ManifestText.CreateXml(output))
        {
            w.WriteStartElement("SmoothStreamingMedia");
            w.WriteAttributeString("MajorVersion", "2");
            w.WriteAttributeString("MinorVersion", options.Version20 ? "0" : "2");
            w.WriteAttributeString("Duration", ManifestText.Num(plan.Duration));
            w.WriteAttributeString("TimeScale", ManifestText.Num(Timeline.Timescale));
            foreach (var byName in presentation.Video.Where(t => plan[t].Segments.Count > 0).GroupBy(t => t.Name))
            {
                var first = byName.First();
                WriteStreamIndex(w, plan, options, urls, "video", first, [.. byName.Where(t => plan.SameTimeline(first, t))]);
            }

            foreach (var audio in presentation.Audio.Where(t => plan[t].Segments.Count > 0))
            {
                WriteStreamIndex(w, plan, options, urls, "audio", audio, [audio]);
            }

            protection.WriteSmoothProtection(w);
            w.WriteEndElement();
        }

        return output.Append('\n').ToString();
    }

    private static void WriteStreamIndex(
        XmlWriter w, SegmentPlan plan, SmoothOptions options, IManifestUrlPolicy urls, string type, PresentationTrack first, List<PresentationTrack> tracks)
    {
        var segments = plan[first].Segments;
        w.WriteStartElement("StreamIndex");
        w.WriteAttributeString("Type", type);
        w.WriteAttributeString("Name", first.Name);
        if (type == "audio" && first.Language != "und")
        {
            w.WriteAttributeString("Language", first.Language);
        }

        w.WriteAttributeString("Chunks", ManifestText.Num(segments.Count));
        w.WriteAttributeString("QualityLevels", ManifestText.Num(tracks.Count));
        w.WriteAttributeString("Url", urls.SmoothFragments(first));
        if (type == "video")
        {
            var width = ManifestText.Num(tracks.Max(t => t.Width));
            var height = ManifestText.Num(tracks.Max(t => t.Height));
            w.WriteAttributeString("MaxWidth", width);
            w.WriteAttributeString("MaxHeight", height);
            w.WriteAttributeString("DisplayWidth", width);
            w.WriteAttributeString("DisplayHeight", height);
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            var t = tracks[i];
            w.WriteStartElement("QualityLevel");
            w.WriteAttributeString("Index", ManifestText.Num(i));
            w.WriteAttributeString("Bitrate", ManifestText.Num(t.Bitrate));
            w.WriteAttributeString("FourCC", FourCCOf(t));
            if (type == "video")
            {
                w.WriteAttributeString("MaxWidth", ManifestText.Num(t.Width));
                w.WriteAttributeString("MaxHeight", ManifestText.Num(t.Height));
            }
            else
            {
                w.WriteAttributeString("SamplingRate", ManifestText.Num(t.SampleRate));
                w.WriteAttributeString("Channels", ManifestText.Num(t.Channels));
                w.WriteAttributeString("BitsPerSample", "16");
                w.WriteAttributeString("PacketSize", ManifestText.Num(Math.Max(1, t.Channels) * 2));
                w.WriteAttributeString("AudioTag", t.Track.Codec.Format == BoxTypes.Mp4a ? "255" : "0");
            }

            w.WriteAttributeString("CodecPrivateData", SmoothCodecPrivateData.For(t.Track.Codec));
            w.WriteEndElement();
        }

        var k = 0;
        long expected = -1;
        while (k < segments.Count)
        {
            var s = segments[k];
            var run = 1;
            while (!options.Version20 && k + run < segments.Count && segments[k + run].Duration == s.Duration)
            {
                run++;
            }

            w.WriteStartElement("c");
            if (s.Start != expected)
            {
                w.WriteAttributeString("t", ManifestText.Num(s.Start));
            }

            w.WriteAttributeString("d", ManifestText.Num(s.Duration));
            if (run > 1)
            {
                w.WriteAttributeString("r", ManifestText.Num(run));
            }

            w.WriteEndElement();
            k += run;
            expected = s.Start + (s.Duration * run);
        }

        w.WriteEndElement();
    }

    private static string FourCCOf(PresentationTrack track)
    {
        var codec = track.Track.Codec;
        var s = codec.CodecString;
        return s.StartsWith("avc", StringComparison.Ordinal) ? "H264"
            : s.StartsWith("hvc1", StringComparison.Ordinal) ? "HVC1"
            : s.StartsWith("hev1", StringComparison.Ordinal) ? "HEV1"
            : s.StartsWith("mp4a.40", StringComparison.Ordinal) ? (codec.AudioObjectType is 5 or 29 ? "AACH" : "AACL")
            : s.StartsWith("ec-3", StringComparison.Ordinal) ? "EC-3"
            : s.ToUpperInvariant();
    }
}
