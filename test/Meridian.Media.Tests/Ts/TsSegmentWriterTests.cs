using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;
using Meridian.Media.Ts;

namespace Meridian.Media.Tests.Ts;

public sealed class TsSegmentWriterTests(MediaFiles files)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MuxedH264Aac_Concatenated_DecodesLikeSource()
    {
        var path = await files.GetAsync(TestMedia.H264Aac48);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var video = index.Tracks.Single(t => t.IsVideo);
        var audio = index.Tracks.Single(t => t.IsAudio);
        Assert.True(video.EditMediaTime > 0, "the source should have a B-frame edit list");
        Assert.True(audio.EditMediaTime > 0, "the source should have an AAC priming edit list");

        var segments = await TsSegments.AllAsync(source, video, audio);
        Assert.True(segments.Count >= 2);
        var output = Path.Combine(files.Directory, "muxed-h264-aac.ts");
        await File.WriteAllBytesAsync(output, segments.SelectMany(s => s).ToArray(), Token);

        var probe = await ProbeAsync(output);
        var v = probe.Streams.Single(s => (string)s["codec_type"]! == "video");
        var a = probe.Streams.Single(s => (string)s["codec_type"]! == "audio");
        Assert.Equal("h264", (string)v["codec_name"]!);
        Assert.Equal(video.Codec.Width, (int)v["width"]!);
        Assert.Equal(video.Codec.Height, (int)v["height"]!);
        Assert.Equal("aac", (string)a["codec_name"]!);
        Assert.Equal(audio.Codec.SampleRate.ToString(CultureInfo.InvariantCulture), (string)a["sample_rate"]!);
        Assert.Equal(audio.Codec.ChannelCount, (int)a["channels"]!);
        var frame = (double)video.Samples.Durations[1] / video.Timescale;
        var sourceDuration = (double)video.Duration / video.Timescale;
        Assert.InRange(Seconds(v["duration"]), sourceDuration - frame, sourceDuration + frame);

        var expected = await FrameHashesAsync(path, "v");
        var actual = await FrameHashesAsync(output, "v");
        Assert.Equal(video.Samples.Count, expected.Count);
        Assert.Equal(expected, actual);

        // The TS has no edit list, so it decodes the priming frame the source's edit list trims: at most one frame more.
        var sourceSamples = await PcmSampleCountAsync(path, audio.Codec.ChannelCount);
        var tsSamples = await PcmSampleCountAsync(output, audio.Codec.ChannelCount);
        Assert.InRange(tsSamples - sourceSamples, -1024, 1024);
    }

    [Fact]
    public async Task Hevc_Concatenated_DecodesLikeSource()
    {
        var path = await files.GetAsync(TestMedia.Hevc);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var video = index.Tracks.Single(t => t.IsVideo);
        var segments = await TsSegments.AllAsync(source, video, null);
        Assert.True(segments.Count >= 2);
        var output = Path.Combine(files.Directory, "hevc.ts");
        await File.WriteAllBytesAsync(output, segments.SelectMany(s => s).ToArray(), Token);

        var probe = await ProbeAsync(output);
        var v = Assert.Single(probe.Streams);
        Assert.Equal("hevc", (string)v["codec_name"]!);
        Assert.Equal(video.Codec.Width, (int)v["width"]!);
        Assert.Equal(video.Codec.Height, (int)v["height"]!);
        var frame = (double)video.Samples.Durations[1] / video.Timescale;
        Assert.InRange(Seconds(v["duration"]), ((double)video.Duration / video.Timescale) - frame, ((double)video.Duration / video.Timescale) + frame);
        Assert.Equal(await FrameHashesAsync(path, "v"), await FrameHashesAsync(output, "v"));
        AssertSegmentStructure(segments, hevc: true, TsSegmentWriter.VideoPid);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Segments_StartWithTablesAndIdr_AndCountersContinue(bool withVideo, bool withAudio)
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var video = withVideo ? index.Tracks.Single(t => t.IsVideo) : null;
        var audio = withAudio ? index.Tracks.Single(t => t.IsAudio) : null;
        var segments = await TsSegments.AllAsync(source, video, audio, firstSequence: 37);
        Assert.True(segments.Count >= 2);
        AssertSegmentStructure(segments, hevc: false, withVideo ? TsSegmentWriter.VideoPid : TsSegmentWriter.AudioPid);

        // Counters continue across consecutive segments on every PID; adaptation-only packets repeat the last counter.
        var packets = TsReader.Packets(segments.SelectMany(s => s).ToArray());
        var last = new Dictionary<int, int>();
        foreach (var p in packets)
        {
            if (last.TryGetValue(p.Pid, out var previous))
            {
                var expected = p.HasPayload ? (previous + 1) & 0x0F : previous;
                Assert.True(expected == p.Continuity, $"PID 0x{p.Pid:x} packet {p.Index}: counter {p.Continuity}, expected {expected}");
            }

            last[p.Pid] = p.Continuity;
        }

        // The PCR appears at least every 100 ms of its PID's timeline and never goes backwards.
        var pcrs = packets.Where(p => p.Pcr.HasValue).Select(p => p.Pcr!.Value).ToList();
        Assert.NotEmpty(pcrs);
        for (var i = 1; i < pcrs.Count; i++)
        {
            Assert.InRange(pcrs[i] - pcrs[i - 1], 0, 9000);
        }

        // PTS never below the offset minus the edit-list shift, and audio PTS of the first sample is offset - priming.
        if (audio is not null)
        {
            var firstAudio = TsReader.PesPackets(TsReader.Packets(segments[0]), TsSegmentWriter.AudioPid)[0];
            Assert.Equal(TsSegmentWriter.TimestampOffset - Timescale.Rescale(audio.EditMediaTime, audio.Timescale, 90_000), firstAudio.Pts);
        }

        if (video is not null)
        {
            var pes = TsReader.PesPackets(TsReader.Packets(segments[0]), TsSegmentWriter.VideoPid);
            Assert.Equal(TsSegmentWriter.TimestampOffset, pes.Min(p => p.Pts));
            Assert.All(pes, p => Assert.True(p.Dts <= p.Pts));
            Assert.Contains(pes, p => p.Dts < p.Pts);
        }
    }

    [Fact]
    public async Task MuxedSegments_InterleaveBothPidsByDts()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var segments = await TsSegments.AllAsync(source, index.Tracks.Single(t => t.IsVideo), index.Tracks.Single(t => t.IsAudio));
        foreach (var segment in segments)
        {
            var packets = TsReader.Packets(segment);
            var pes = TsReader.PesPackets(packets, TsSegmentWriter.VideoPid).Concat(TsReader.PesPackets(packets, TsSegmentWriter.AudioPid))
                .OrderBy(p => p.FirstPacket).ToList();
            Assert.Contains(pes, p => p.Pid == TsSegmentWriter.VideoPid);
            Assert.Contains(pes, p => p.Pid == TsSegmentWriter.AudioPid);
            for (var i = 1; i < pes.Count; i++)
            {
                Assert.True(pes[i].Dts >= pes[i - 1].Dts, $"PES {i} (PID 0x{pes[i].Pid:x}) DTS {pes[i].Dts} before {pes[i - 1].Dts}");
            }

            // Both PIDs alternate rather than one block after the other.
            var switches = pes.Zip(pes.Skip(1)).Count(x => x.First.Pid != x.Second.Pid);
            Assert.True(switches > 4, $"only {switches} PID switches");

            // Each audio PES holds whole ADTS frames covering at most 100 ms.
            foreach (var a in pes.Where(p => p.Pid == TsSegmentWriter.AudioPid))
            {
                var frames = 0;
                for (var o = 0; o < a.Data.Length; frames++)
                {
                    Assert.Equal(0xFF, a.Data[o]);
                    Assert.Equal(0xF0, a.Data[o + 1] & 0xF6);
                    o += ((a.Data[o + 3] & 3) << 11) | (a.Data[o + 4] << 3) | (a.Data[o + 5] >> 5);
                }

                Assert.InRange(frames, 1, 4);
            }
        }
    }

    [Fact]
    public async Task Writing_IsDeterministic()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var video = index.Tracks.Single(t => t.IsVideo);
        var audio = index.Tracks.Single(t => t.IsAudio);
        var first = await TsSegments.AllAsync(source, video, audio, 5);
        var again = await TsSegments.AllAsync(source, video, audio, 5);
        Assert.Equal(first, again);

        var reindexed = await MediaIndexReader.ReadAsync(FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48)), cancellationToken: Token);
        Assert.Equal(first[1], (await TsSegments.AllAsync(source, reindexed.Tracks.Single(t => t.IsVideo), reindexed.Tracks.Single(t => t.IsAudio), 5))[1]);

        // Only the PSI counters depend on the sequence number.
        var other = await TsSegments.AllAsync(source, video, audio, 6);
        Assert.NotEqual(first[0], other[0]);
        Assert.Equal(first[0].AsSpan(376).ToArray(), other[0].AsSpan(376).ToArray());
    }

    [Fact]
    public async Task CorruptNalLength_ThrowsMediaFormatException()
    {
        var path = await files.GetAsync(TestMedia.H264Aac48);
        var bytes = await File.ReadAllBytesAsync(path, Token);
        var index = await MediaIndexReader.ReadAsync(new MemoryRandomAccessSource(bytes), cancellationToken: Token);
        var video = index.Tracks.Single(t => t.IsVideo);
        var sample = video.Samples[3];
        bytes[(int)sample.Offset] = 0x7F;
        var source = new MemoryRandomAccessSource(bytes);
        var e = await Assert.ThrowsAsync<MediaFormatException>(() => TsSegments.WriteAsync(source, video, new TsSegments.Range(0, 10), null, null, 1));
        Assert.Contains("sample 3", e.Message, StringComparison.Ordinal);

        // A zero length is malformed too.
        bytes.AsSpan((int)sample.Offset, 4).Clear();
        await Assert.ThrowsAsync<MediaFormatException>(() => TsSegments.WriteAsync(source, video, new TsSegments.Range(3, 1), null, null, 1));
    }

    [Theory]
    [InlineData("1188", 2, 3, 1)]
    [InlineData("1210", 2, 4, 2)]
    [InlineData("2B8988", 2, 7, 1)]
    [InlineData("17805DC008", 2, 3, 1)]
    public void AudioSpecificConfig_MapsToAdtsFields(string hex, int objectType, int rateIndex, int channels)
    {
        var config = AacConfiguration.Parse(Convert.FromHexString(hex));
        Assert.Equal(objectType, config.ObjectType);
        Assert.Equal(rateIndex, config.SampleRateIndex);
        Assert.Equal(channels, config.ChannelConfiguration);
        Span<byte> header = stackalloc byte[7];
        config.WriteAdtsHeader(header, 100);
        Assert.Equal(0xFFF1, (header[0] << 8) | header[1]);
        Assert.Equal(107, ((header[3] & 3) << 11) | (header[4] << 3) | (header[5] >> 5));
    }

    [Theory]
    [InlineData("1780181C88")]
    [InlineData("1000")]
    [InlineData("11")]
    public void AudioSpecificConfig_Unsupported_Throws(string hex) =>
        Assert.Throws<MediaFormatException>(() => AacConfiguration.Parse(Convert.FromHexString(hex)));

    private static void AssertSegmentStructure(List<byte[]> segments, bool hevc, int pcrPid)
    {
        foreach (var segment in segments)
        {
            var packets = TsReader.Packets(segment);
            Assert.Equal(TsSegmentWriter.PatPid, packets[0].Pid);
            Assert.Equal(TsSegmentWriter.PmtPid, packets[1].Pid);
            Assert.Equal(pcrPid, ((packets[1].Payload[9] & 0x1F) << 8) | packets[1].Payload[10]);
            var video = TsReader.PesPackets(packets, TsSegmentWriter.VideoPid);
            if (pcrPid != TsSegmentWriter.VideoPid)
            {
                Assert.Empty(video);
                continue;
            }

            var types = TsReader.NalTypes(video[0].Data, hevc);
            int[] expectedStart = hevc ? [35, 32, 33, 34] : [9, 7, 8];
            Assert.Equal(expectedStart, types.Take(expectedStart.Length));
            Assert.Contains(types, t => hevc ? t is >= 16 and <= 21 : t == 5);
            Assert.True(packets.First(p => p.Pid == TsSegmentWriter.VideoPid && p.Start).RandomAccess);
        }
    }

    private static double Seconds(JsonNode? value) => double.Parse((string)value!, CultureInfo.InvariantCulture);

    private static async Task<(List<JsonNode> Streams, JsonNode Format)> ProbeAsync(string path)
    {
        var json = JsonNode.Parse(await ProcessRunner.RunAsync(
            "ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height,sample_rate,channels,duration:format=duration", "-of", "json", path]))!;
        return ([.. json["streams"]!.AsArray().Select(s => s!)], json["format"]!);
    }

    private static async Task<List<string>> FrameHashesAsync(string path, string stream)
    {
        var text = Encoding.UTF8.GetString(await ProcessRunner.RunAsync(
            "ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-map", "0:" + stream, "-f", "framemd5", "-"]));
        return [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(',')[^1].Trim())];
    }

    private static async Task<long> PcmSampleCountAsync(string path, int channels)
    {
        var pcm = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-map", "0:a", "-f", "s16le", "-ac", channels.ToString(CultureInfo.InvariantCulture), "-"]);
        return pcm.Length / (2L * channels);
    }
}
