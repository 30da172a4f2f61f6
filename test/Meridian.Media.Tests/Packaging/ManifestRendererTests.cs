using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Meridian.Media.Packaging;
using Meridian.Media.Packaging.Dash;
using Meridian.Media.Packaging.Hls;
using Meridian.Media.Packaging.Smooth;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Packaging;

public sealed class ManifestRendererTests(PackagingAssets assets)
{
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    [Fact]
    public async Task HlsMaster_Cmaf_MatchesGoldenAndIsWellFormed()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync());
        var text = HlsPlaylistWriter.WriteMaster(plan, new HlsOptions(), new AmsUrlPolicy("format=m3u8-cmaf"));

        Golden.AssertMatches("packaging-master-cmaf.m3u8", text);
        var lines = Lines(text);
        Assert.Equal("#EXTM3U", lines[0]);
        Assert.Equal("#EXT-X-VERSION:7", lines[1]);
        Assert.Contains("#EXT-X-INDEPENDENT-SEGMENTS", lines);
        var media = lines.Where(l => l.StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal)).Select(Attributes).ToList();
        Assert.Equal(2, media.Count);
        Assert.Equal(["YES", "NO"], media.Select(m => m["DEFAULT"]));
        Assert.Equal(["en", "es"], media.Select(m => m["LANGUAGE"]));
        Assert.Equal("public.accessibility.describes-video", media[1]["CHARACTERISTICS"]);
        Assert.Equal("QualityLevels(128000)/Manifest(aac_eng_2_128000_2_1,format=m3u8-cmaf)", media[0]["URI"]);
        var variants = lines.Select((l, i) => (Line: l, Index: i)).Where(x => x.Line.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, variants.Count);
        foreach (var (line, index) in variants)
        {
            var a = Attributes(line);
            Assert.True(long.Parse(a["BANDWIDTH"], CultureInfo.InvariantCulture) >= long.Parse(a["AVERAGE-BANDWIDTH"], CultureInfo.InvariantCulture));
            Assert.Equal("audio", a["AUDIO"]);
            Assert.StartsWith("QualityLevels(", lines[index + 1], StringComparison.Ordinal);
        }

        Assert.Equal("avc1.64001e,mp4a.40.2", Attributes(variants[0].Line)["CODECS"]);
        Assert.Equal("640x360", Attributes(variants[0].Line)["RESOLUTION"]);
        Assert.Equal("25.000", Attributes(variants[0].Line)["FRAME-RATE"]);
        Assert.Equal("mp4a.40.2", Attributes(variants[3].Line)["CODECS"]);
        Assert.Equal(3, lines.Count(l => l.StartsWith("#EXT-X-I-FRAME-STREAM-INF:", StringComparison.Ordinal)));

        var noAudioOnly = HlsPlaylistWriter.WriteMaster(plan, new HlsOptions { AudioOnlyVariant = false }, new AmsUrlPolicy("format=m3u8-cmaf"));
        Assert.Equal(3, Lines(noAudioOnly).Count(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task HlsMedia_Cmaf_MatchesGoldenAndDurationsAddUp()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync());
        var urls = new AmsUrlPolicy("format=m3u8-cmaf");
        var video = plan.Presentation.Tracks[0];
        var text = HlsPlaylistWriter.WriteMedia(plan, video, new HlsOptions(), urls);

        Golden.AssertMatches("packaging-media-video-cmaf.m3u8", text);
        AssertMediaPlaylist(text, plan[video], expectMap: true);
        Assert.Contains("#EXT-X-MAP:URI=\"Fragments(video=i,format=m3u8-cmaf)\"", text, StringComparison.Ordinal);
        Assert.Contains("Fragments(video=25600,format=m3u8-cmaf)\n", text, StringComparison.Ordinal);

        foreach (var audio in plan.Presentation.Audio)
        {
            AssertMediaPlaylist(HlsPlaylistWriter.WriteMedia(plan, audio, new HlsOptions(), urls), plan[audio], expectMap: true);
        }

        var irregular = SegmentPlanner.Plan(await assets.IrregularAsync());
        foreach (var track in irregular.Presentation.Tracks)
        {
            var ts = HlsPlaylistWriter.WriteMedia(irregular, track, new HlsOptions { Mode = HlsMode.Ts }, new AmsUrlPolicy("format=m3u8-aapl"));
            AssertMediaPlaylist(ts, irregular[track], expectMap: false);
            Assert.StartsWith("#EXTM3U\n#EXT-X-VERSION:4\n", ts, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HlsIFrames_ListEveryKeyFrameWithExactDurations()
    {
        var plan = SegmentPlanner.Plan(await assets.IrregularAsync());
        var video = plan.Presentation.Video.Single();
        var text = HlsPlaylistWriter.WriteIFrames(plan, video, new HlsOptions(), new AmsUrlPolicy("format=m3u8-cmaf"));
        var lines = Lines(text);

        Assert.Contains("#EXT-X-I-FRAMES-ONLY", lines);
        var frames = plan[video].Segments.SelectMany(plan[video].KeyFrames).ToList();
        var extinf = lines.Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)).ToList();
        Assert.Equal(frames.Count, extinf.Count);
        Assert.Equal(frames.Sum(f => f.Duration) / 1e7, extinf.Sum(l => double.Parse(l[8..^1], CultureInfo.InvariantCulture)), 5);
        Assert.Contains($"Fragments(video={frames[1].TrackTime},format=m3u8-cmaf,type=keyframes)", lines);

        var ranged = HlsPlaylistWriter.WriteIFrames(plan, video, new HlsOptions { Mode = HlsMode.Ts }, new ByteRangePolicy());
        Assert.Equal(frames.Count, Lines(ranged).Count(l => l.StartsWith("#EXT-X-BYTERANGE:", StringComparison.Ordinal)));
        Assert.Contains($"#EXT-X-BYTERANGE:{frames[0].Size}@376", ranged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HlsMaster_TsV4AndMuxedV3()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync());

        var v4 = Lines(HlsPlaylistWriter.WriteMaster(plan, new HlsOptions { Mode = HlsMode.Ts }, new AmsUrlPolicy("format=m3u8-aapl")));
        Assert.Equal("#EXT-X-VERSION:4", v4[1]);
        Assert.Contains("QualityLevels(900000)/Manifest(video,format=m3u8-aapl)", v4);
        Assert.Equal(2, v4.Count(l => l.StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal)));

        var v3 = Lines(HlsPlaylistWriter.WriteMaster(plan, new HlsOptions { Mode = HlsMode.TsMuxed }, new AmsUrlPolicy("format=m3u8-aapl-v3")));
        Assert.Equal("#EXT-X-VERSION:3", v3[1]);
        Assert.DoesNotContain(v3, l => l.StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal) || l.StartsWith("#EXT-X-I-FRAME", StringComparison.Ordinal));
        var variants = v3.Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).Select(Attributes).ToList();
        Assert.Equal(3, variants.Count);
        Assert.All(variants, v => Assert.False(v.ContainsKey("AUDIO")));
        Assert.All(variants, v => Assert.EndsWith(",mp4a.40.2", v["CODECS"], StringComparison.Ordinal));
        Assert.Equal(plan.Presentation.Audio.First(), HlsPlaylistWriter.DefaultAudio(plan.Presentation));
    }

    [Fact]
    public async Task Dash_MatchesGoldenAndParsesToTheExactTimeline()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync());
        var text = DashManifestWriter.Write(plan, new DashOptions(), new AmsUrlPolicy("format=mpd-time-csf"));

        Golden.AssertMatches("packaging-csf.mpd", text);
        var doc = XDocument.Parse(text);
        var mpd = doc.Root!;
        Assert.Equal(Mpd + "MPD", mpd.Name);
        Assert.Equal("static", (string?)mpd.Attribute("type"));
        Assert.Equal("urn:mpeg:dash:profile:isoff-live:2011", (string?)mpd.Attribute("profiles"));
        Assert.Equal("PT6S", (string?)mpd.Attribute("mediaPresentationDuration"));
        var sets = mpd.Descendants(Mpd + "AdaptationSet").ToList();
        Assert.Equal(3, sets.Count);
        Assert.Equal(["video", "audio", "audio"], sets.Select(s => (string?)s.Attribute("contentType")));
        Assert.Equal(["1_V_video_1", "2_V_video_2", "3_V_video_3"], sets[0].Elements(Mpd + "Representation").Select(r => (string?)r.Attribute("id")));
        var template = sets[0].Element(Mpd + "SegmentTemplate")!;
        Assert.Equal("QualityLevels($Bandwidth$)/Fragments(video=$Time$,format=mpd-time-csf)", (string?)template.Attribute("media"));
        Assert.Equal("QualityLevels($Bandwidth$)/Fragments(video=i,format=mpd-time-csf)", (string?)template.Attribute("initialization"));
        foreach (var set in sets)
        {
            foreach (var representation in set.Elements(Mpd + "Representation"))
            {
                var track = plan.Presentation.FindTrack(
                    ((string?)representation.Attribute("id"))!.Split('_', 3)[2][..^2], long.Parse((string)representation.Attribute("bandwidth")!, CultureInfo.InvariantCulture));
                Assert.NotNull(track);
                var timeline = (set.Element(Mpd + "SegmentTemplate") ?? representation.Element(Mpd + "SegmentTemplate"))!.Descendants(Mpd + "S");
                Assert.Equal(plan[track].Segments.Select(s => (s.Start, s.Duration)), Expand(timeline));
            }
        }

        Assert.Equal("es", (string?)sets[2].Attribute("lang"));
        Assert.Equal("alternate", (string?)sets[2].Element(Mpd + "Role")!.Attribute("value"));
        Assert.NotNull(sets[2].Element(Mpd + "Accessibility"));
        Assert.Equal("2", (string?)sets[1].Descendants(Mpd + "AudioChannelConfiguration").Single().Attribute("value"));

        var cmaf = XDocument.Parse(DashManifestWriter.Write(plan, new DashOptions { Cmaf = true }, new AmsUrlPolicy("format=mpd-time-cmaf")));
        Assert.Contains("urn:mpeg:dash:profile:cmaf:2019", (string?)cmaf.Root!.Attribute("profiles"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dash_UnalignedVideo_PutsTemplatesOnRepresentations()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync(withIsm: false, extraFiles: [PackagingAssets.IrregularFile]));
        var doc = XDocument.Parse(DashManifestWriter.Write(plan, new DashOptions(), new AmsUrlPolicy("format=mpd-time-csf")));

        var video = doc.Descendants(Mpd + "AdaptationSet").First();
        Assert.Null(video.Element(Mpd + "SegmentTemplate"));
        Assert.All(video.Elements(Mpd + "Representation"), r => Assert.NotNull(r.Element(Mpd + "SegmentTemplate")));

        // Segments cut at other times are not aligned, and the AdaptationSet no longer says they are (23009-1 5.3.3.2).
        Assert.Equal("false", (string?)video.Attribute("segmentAlignment"));
    }

    [Fact]
    public async Task Smooth_MatchesGoldenAndCarriesCodecPrivateData()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync());
        var text = SmoothManifestWriter.Write(plan, new SmoothOptions(), new AmsUrlPolicy(null));

        Golden.AssertMatches("packaging-smooth.ismc", text);
        var root = XDocument.Parse(text).Root!;
        Assert.Equal(("2", "2", "60000000", "10000000"),
            ((string?)root.Attribute("MajorVersion"), (string?)root.Attribute("MinorVersion"), (string?)root.Attribute("Duration"), (string?)root.Attribute("TimeScale")));
        var streams = root.Elements("StreamIndex").ToList();
        Assert.Equal(3, streams.Count);
        var video = streams[0];
        Assert.Equal("QualityLevels({bitrate})/Fragments(video={start time})", (string?)video.Attribute("Url"));
        Assert.Equal(3, video.Elements("QualityLevel").Count());
        var level = video.Elements("QualityLevel").First();
        Assert.Equal("H264", (string?)level.Attribute("FourCC"));
        Assert.StartsWith("0000000167", (string?)level.Attribute("CodecPrivateData"), StringComparison.Ordinal);
        Assert.Contains("0000000168", (string?)level.Attribute("CodecPrivateData"), StringComparison.Ordinal);
        var eng = streams[1].Element("QualityLevel")!;
        Assert.Equal(("AACL", "48000", "2"), ((string?)eng.Attribute("FourCC"), (string?)eng.Attribute("SamplingRate"), (string?)eng.Attribute("Channels")));

        // The AudioSpecificConfig verbatim: AAC-LC (2), 48 kHz (3), 2 channels; ffmpeg appends the SBR sync extension.
        Assert.StartsWith("1190", (string?)eng.Attribute("CodecPrivateData"), StringComparison.Ordinal);
        Assert.StartsWith("1210", (string?)streams[2].Element("QualityLevel")!.Attribute("CodecPrivateData"), StringComparison.Ordinal);
        foreach (var (stream, track) in streams.Zip(new[] { plan.Presentation.Tracks[0] }.Concat(plan.Presentation.Audio)))
        {
            var chunks = new List<(long, long)>();
            long next = 0;
            foreach (var c in stream.Elements("c"))
            {
                var t = (long?)c.Attribute("t") ?? next;
                var d = (long)c.Attribute("d")!;
                for (var i = 0; i < ((int?)c.Attribute("r") ?? 1); i++)
                {
                    chunks.Add((t, d));
                    t += d;
                }

                next = t;
            }

            Assert.Equal(plan[track].Segments.Select(s => (s.Start, s.Duration)), chunks);
            Assert.Equal(chunks.Count, (int)stream.Attribute("Chunks")!);
        }

        var v20 = XDocument.Parse(SmoothManifestWriter.Write(plan, new SmoothOptions { Version20 = true }, new AmsUrlPolicy(null))).Root!;
        Assert.Equal("0", (string?)v20.Attribute("MinorVersion"));
        Assert.DoesNotContain(v20.Descendants("c"), c => c.Attribute("r") is not null);
    }

    [Fact]
    public async Task Protection_HookInjectsAtTheDocumentedPoints()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync());
        var protection = new FakeProtection();
        var urls = new AmsUrlPolicy("format=m3u8-cmaf,encryption=cbc");

        var master = Lines(HlsPlaylistWriter.WriteMaster(plan, new HlsOptions(), urls, protection));
        Assert.Equal("#EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"k\"", master[3]);
        Assert.Contains("QualityLevels(900000)/Manifest(video,format=m3u8-cmaf,encryption=cbc)", master);
        var media = Lines(HlsPlaylistWriter.WriteMedia(plan, plan.Presentation.Tracks[0], new HlsOptions(), urls, protection));
        Assert.Equal(media.FindIndex(l => l.StartsWith("#EXT-X-MAP", StringComparison.Ordinal)) + 1, media.IndexOf("#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x0"));
        var mpd = XDocument.Parse(DashManifestWriter.Write(plan, new DashOptions(), urls, protection));
        Assert.All(mpd.Descendants(Mpd + "AdaptationSet"), s => Assert.Equal(Mpd + "ContentProtection", s.Elements().First().Name));
        var smooth = XDocument.Parse(SmoothManifestWriter.Write(plan, new SmoothOptions(), urls, protection));
        Assert.Equal("Protection", smooth.Root!.Elements().Last().Name.LocalName);
    }

    private static void AssertMediaPlaylist(string text, TrackSegments segments, bool expectMap)
    {
        var lines = Lines(text);
        Assert.Equal("#EXTM3U", lines[0]);
        Assert.Equal("#EXT-X-PLAYLIST-TYPE:VOD", lines.Single(l => l.StartsWith("#EXT-X-PLAYLIST-TYPE", StringComparison.Ordinal)));
        Assert.Equal("#EXT-X-MEDIA-SEQUENCE:0", lines.Single(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE", StringComparison.Ordinal)));
        Assert.Equal(expectMap, lines.Any(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal)));
        Assert.Equal("#EXT-X-ENDLIST", lines[^1]);
        var target = int.Parse(lines.Single(l => l.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal))[22..], CultureInfo.InvariantCulture);
        var durations = new List<decimal>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                Assert.EndsWith(",", lines[i], StringComparison.Ordinal);
                var value = lines[i][8..^1];
                Assert.Matches(@"^\d+\.\d{6}$", value);
                durations.Add(decimal.Parse(value, CultureInfo.InvariantCulture));
                Assert.False(lines[i + 1].StartsWith('#'));
            }
        }

        Assert.Equal(segments.Segments.Count, durations.Count);
        Assert.True(durations.All(d => Math.Round(d) <= target));
        var timescale = segments.Track.Track.Timescale;
        Assert.InRange(durations.Sum() - ((decimal)segments.Segments.Sum(s => s.TrackDuration) / timescale), -0.000001m * durations.Count, 0.000001m * durations.Count);
    }

    private static IEnumerable<(long, long)> Expand(IEnumerable<XElement> timeline)
    {
        long next = 0;
        foreach (var s in timeline)
        {
            var t = (long?)s.Attribute("t") ?? next;
            var d = (long)s.Attribute("d")!;
            for (var i = 0; i <= ((int?)s.Attribute("r") ?? 0); i++)
            {
                yield return (t, d);
                t += d;
            }

            next = t;
        }
    }

    private static List<string> Lines(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        return [.. text[..^1].Split('\n')];
    }

    private static Dictionary<string, string> Attributes(string line)
    {
        var result = new Dictionary<string, string>();
        var body = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var i = 0;
        while (i < body.Length)
        {
            var eq = body.IndexOf('=', i);
            var key = body[i..eq];
            string value;
            if (body[eq + 1] == '"')
            {
                var close = body.IndexOf('"', eq + 2);
                value = body[(eq + 2)..close];
                i = close + 2;
            }
            else
            {
                var comma = body.IndexOf(',', eq);
                value = comma < 0 ? body[(eq + 1)..] : body[(eq + 1)..comma];
                i = comma < 0 ? body.Length : comma + 1;
            }

            Assert.True(result.TryAdd(key, value), $"duplicate attribute {key} in {line}");
        }

        return result;
    }

    private sealed class ByteRangePolicy : IManifestUrlPolicy
    {
        private readonly AmsUrlPolicy _inner = new("format=m3u8-aapl");

        public string HlsPlaylist(PresentationTrack track) => _inner.HlsPlaylist(track);

        public string HlsIFramePlaylist(PresentationTrack track) => _inner.HlsIFramePlaylist(track);

        public string HlsSegment(PresentationTrack track, MediaSegment segment) => _inner.HlsSegment(track, segment);

        public string HlsInit(PresentationTrack track) => _inner.HlsInit(track);

        public HlsKeyFrameReference HlsKeyFrame(PresentationTrack track, MediaSegment segment, KeyFrame frame) =>
            new(HlsSegment(track, segment), 376, frame.Size);

        public string DashMedia(PresentationTrack track) => _inner.DashMedia(track);

        public string DashInit(PresentationTrack track) => _inner.DashInit(track);

        public string SmoothFragments(PresentationTrack track) => _inner.SmoothFragments(track);
    }

    private sealed class FakeProtection : IManifestProtection
    {
        public IEnumerable<string> HlsMasterTags() => ["#EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"k\""];

        public IEnumerable<string> HlsMediaTags(PresentationTrack track) => ["#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x0"];

        public void WriteDashContentProtection(XmlWriter writer, TrackGroup group)
        {
            writer.WriteStartElement("ContentProtection", "urn:mpeg:dash:schema:mpd:2011");
            writer.WriteAttributeString("schemeIdUri", "urn:mpeg:dash:sea:2012");
            writer.WriteEndElement();
        }

        public void WriteSmoothProtection(XmlWriter writer)
        {
            writer.WriteStartElement("Protection");
            writer.WriteEndElement();
        }
    }
}
