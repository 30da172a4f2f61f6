using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Smooth;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Smooth;

public sealed class SmoothFragmentWriterTests(MediaFiles files)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>What a test-side parse of one fragment found.</summary>
    private sealed record Fragment(
        uint Sequence, uint TrackId, uint DefaultFlags, byte TrunVersion, List<(uint Duration, uint Size, int Offset)> Samples,
        ulong TfxdTime, ulong TfxdDuration, byte[] Mdat);

    [Fact]
    public async Task Fragments_ParseBack_WithExactTimesAndSourceBytes()
    {
        var path = await files.GetAsync(TestMedia.H264Aac48);
        var bytes = await File.ReadAllBytesAsync(path, Token);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        foreach (var track in index.Tracks)
        {
            ulong total = 0;
            uint sequence = 1;
            var s = track.Samples;
            var first = 0;
            while (first < s.Count)
            {
                var end = track.IsVideo ? s.NextSyncSample(first + 1) : Math.Min(s.Count, first + 94);
                var f = Parse(await WriteAsync(source, track, first, end - first, sequence));
                Assert.Equal(sequence, f.Sequence);
                Assert.Equal(track.TrackId, f.TrackId);
                Assert.Equal(end - first, f.Samples.Count);

                // The fragment's time is its manifest time (c@t), the presentation time of its first sample (0 for the first
                // fragment), which clients use in place of tfxd (MS-SSTR §2.2.4.4). Independent oracle: decimal arithmetic.
                static long Hns(long ticks, uint timescale) => (long)Math.Round((decimal)ticks * 10_000_000m / timescale, MidpointRounding.AwayFromZero);
                var firstPresentation = s.DecodeTimes[first] + s.CompositionOffsets[first] - track.EditMediaTime;
                Assert.Equal(Hns(first == 0 ? Math.Max(0, firstPresentation) : firstPresentation, track.Timescale), (long)f.TfxdTime);
                Assert.Equal(f.TfxdDuration, (ulong)f.Samples.Sum(x => (long)x.Duration));
                total += f.TfxdDuration;
                var slot = (long)f.TfxdTime;

                var data = new List<byte>();
                for (var i = first; i < end; i++)
                {
                    Assert.Equal(s.Sizes[i], f.Samples[i - first].Size);
                    data.AddRange(bytes.AsSpan((int)s.Offsets[i], (int)s.Sizes[i]).ToArray());

                    // Where a client puts the sample (fragment time + durations before it + its offset) is its presentation
                    // time with the edit list applied: AAC priming and B-frame delay counted once.
                    var presentation = s.DecodeTimes[i] + s.CompositionOffsets[i] - track.EditMediaTime;
                    Assert.Equal(Hns(presentation, track.Timescale), slot + f.Samples[i - first].Offset);
                    slot += f.Samples[i - first].Duration;
                }

                Assert.Equal(data.ToArray(), f.Mdat);
                first = end;
                sequence++;
            }

            // The durations add up to the track duration exactly, with no drift from per-sample rounding.
            Assert.Equal((ulong)Math.Round((decimal)track.Duration * 10_000_000m / track.Timescale, MidpointRounding.AwayFromZero), total);
            Assert.Equal(SmoothTime.SampleStart(track, s.Count) - SmoothTime.SampleStart(track, 0), (long)total);
        }
    }

    [Fact]
    public async Task AudioPriming_FoldsIntoSignedCompositionOffsets()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var audio = index.Tracks.Single(t => t.IsAudio);
        var video = index.Tracks.Single(t => t.IsVideo);
        var a = Parse(await WriteAsync(source, audio, 0, 10, 1));
        Assert.Equal(1, a.TrunVersion);
        var priming = Meridian.Media.Ts.Timescale.Rescale(audio.EditMediaTime, audio.Timescale, 10_000_000);
        Assert.All(a.Samples, x => Assert.InRange(x.Offset, -priming - 1, -priming + 1));
        Assert.Equal(0x02000000u, a.DefaultFlags);

        // Video: the first presented frame lands at exactly 0 after the B-frame delay is removed.
        var v = Parse(await WriteAsync(source, video, 0, 50, 1));
        Assert.Equal(0, v.Samples.Select((x, i) => (long)x.Offset + SmoothTime.SampleStart(video, i)).Min());
    }

    [Fact]
    public async Task CodecPrivateData_IsAnnexBParameterSetsAndAudioSpecificConfig()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var video = SmoothCodecPrivateData.For(index.Tracks.Single(t => t.IsVideo));
        var parts = video.Split("00000001", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("00000001", video, StringComparison.Ordinal);
        Assert.Equal(2, parts.Length);
        Assert.Equal(7, Convert.FromHexString(parts[0])[0] & 0x1F);
        Assert.Equal(8, Convert.FromHexString(parts[1])[0] & 0x1F);
        Assert.Equal(video.ToUpperInvariant(), video);

        var audio = index.Tracks.Single(t => t.IsAudio);
        var asc = SmoothCodecPrivateData.For(audio);
        Assert.StartsWith(audio.Codec.ChannelCount == 1 ? "1188" : "1190", asc, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(Meridian.Media.Ts.AacConfiguration.From(audio.Codec).AudioSpecificConfig), asc);

        using var hevcSource = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.Hevc));
        var hevc = SmoothCodecPrivateData.For((await MediaIndexReader.ReadAsync(hevcSource, cancellationToken: Token)).Tracks[0]);
        Assert.Equal([32, 33, 34], hevc.Split("00000001", StringSplitOptions.RemoveEmptyEntries).Select(p => (Convert.FromHexString(p)[0] >> 1) & 0x3F));
    }

    [Fact]
    public async Task Fragment_BoxDump_MatchesGolden()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var dump = new StringBuilder();
        foreach (var track in index.Tracks)
        {
            var fragment = await WriteAsync(source, track, 2, 3, 3);
            var f = Parse(fragment);
            dump.Append("# track ").Append(track.TrackId).Append(" samples 2-4\n").Append(BoxDump.Dump(fragment));
            dump.Append("tfxd time=").Append(f.TfxdTime).Append(" duration=").Append(f.TfxdDuration).Append('\n');
            foreach (var (duration, size, offset) in f.Samples)
            {
                dump.Append("sample duration=").Append(duration).Append(" size=").Append(size).Append(" cto=").Append(offset).Append('\n');
            }
        }

        Golden.AssertMatches("smooth-h264-aac.txt", dump.ToString());
    }

    private static async Task<byte[]> WriteAsync(IRandomAccessSource source, TrackInfo track, int first, int count, uint sequence)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await SmoothFragmentWriter.WriteAsync(source, track, first, count, sequence, buffer, Token);
        return buffer.WrittenSpan.ToArray();
    }

    // A parser written from [MS-SSTR] 2.2.4 and ISO/IEC 14496-12 §8.8, independent of the writer.
    private static Fragment Parse(byte[] data)
    {
        var moofSize = BinaryPrimitives.ReadInt32BigEndian(data);
        Assert.Equal("moof", Encoding.ASCII.GetString(data, 4, 4));
        var mdatSize = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(moofSize));
        Assert.Equal("mdat", Encoding.ASCII.GetString(data, moofSize + 4, 4));
        Assert.Equal(data.Length, moofSize + mdatSize);
        uint sequence = 0, trackId = 0, defaultFlags = 0;
        byte version = 0;
        ulong time = 0, duration = 0;
        var samples = new List<(uint, uint, int)>();
        var sawTfxd = false;
        var order = new List<string>();
        Walk(8, moofSize);
        Assert.Equal(["mfhd", "traf", "tfhd", "trun", "uuid"], order);
        Assert.True(sawTfxd);
        return new Fragment(sequence, trackId, defaultFlags, version, samples, time, duration, data[(moofSize + 8)..]);

        void Walk(int start, int end)
        {
            for (var o = start; o < end;)
            {
                var size = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(o));
                var type = Encoding.ASCII.GetString(data, o + 4, 4);
                order.Add(type);
                var b = data.AsSpan(o + 8, size - 8);
                var flags = BinaryPrimitives.ReadUInt32BigEndian(b) & 0xFFFFFF;
                switch (type)
                {
                    case "traf":
                        Walk(o + 8, o + size);
                        break;
                    case "mfhd":
                        sequence = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
                        break;
                    case "tfhd":
                        trackId = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
                        Assert.Equal(0x20u, flags);
                        defaultFlags = BinaryPrimitives.ReadUInt32BigEndian(b[8..]);
                        break;
                    case "trun":
                        version = b[0];
                        var count = BinaryPrimitives.ReadInt32BigEndian(b[4..]);
                        var p = 8;
                        Assert.NotEqual(0u, flags & 1);
                        Assert.Equal(moofSize + 8, BinaryPrimitives.ReadInt32BigEndian(b[p..]));
                        p += 4;
                        if ((flags & 4) != 0)
                        {
                            p += 4;
                        }

                        for (var i = 0; i < count; i++)
                        {
                            var d = BinaryPrimitives.ReadUInt32BigEndian(b[p..]);
                            var s = BinaryPrimitives.ReadUInt32BigEndian(b[(p + 4)..]);
                            p += 8;
                            if ((flags & 0x400) != 0)
                            {
                                p += 4;
                            }

                            var c = 0;
                            if ((flags & 0x800) != 0)
                            {
                                c = BinaryPrimitives.ReadInt32BigEndian(b[p..]);
                                p += 4;
                            }

                            samples.Add((d, s, c));
                        }

                        Assert.Equal(b.Length, p);
                        break;
                    case "uuid":
                        Assert.Equal(SmoothFragmentWriter.TfxdUserType.ToArray(), b[..16].ToArray());
                        Assert.Equal(1, b[16]);
                        time = BinaryPrimitives.ReadUInt64BigEndian(b[20..]);
                        duration = BinaryPrimitives.ReadUInt64BigEndian(b[28..]);
                        Assert.Equal(36, b.Length);
                        sawTfxd = true;
                        break;
                }

                o += size;
            }
        }
    }
}
