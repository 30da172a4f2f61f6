using System.Text;
using Meridian.Media.Cmaf;
using Meridian.Media.Codecs;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;
using Meridian.Media.Ts;
using static Meridian.Media.Tests.Crypto.TestBoxes;

namespace Meridian.Media.Tests.Crypto;

public sealed class CommonEncryptionTests(MediaFiles files)
{
    [Theory]
    [InlineData(TestMedia.H264Aac48)]
    [InlineData(TestMedia.Hevc)]
    public async Task Cenc_DecryptedByFfmpeg_MatchesClearFrameHashes(TestMedia media)
    {
        var (source, index) = await OpenAsync(media);
        using var _ = source;
        foreach (var track in index.Tracks)
        {
            var clearPath = await WriteAsync($"{media}-clear-{track.TrackId}.mp4", await EncryptedSegments.WholeTrackAsync(source, track, null));
            var encrypted = await EncryptedSegments.WholeTrackAsync(source, track, EncryptedSegments.Protection(EncryptionScheme.Cenc));
            var encryptedPath = await WriteAsync($"{media}-cenc-{track.TrackId}.mp4", encrypted);

            var expected = await FrameHashesAsync(clearPath, null);
            var actual = await FrameHashesAsync(encryptedPath, EncryptedSegments.KeyHex);
            Assert.True(expected.Count >= track.Samples.Count - 1, $"track {track.TrackId}: only {expected.Count} frames decoded");
            Assert.Equal(expected, actual);

            // Without the key the packets are not the clear ones: encryption happened.
            var clearPackets = await PacketHashesAsync(clearPath);
            var encryptedPackets = await PacketHashesAsync(encryptedPath);
            Assert.Equal(clearPackets.Count, encryptedPackets.Count);
            Assert.All(clearPackets.Zip(encryptedPackets), p => Assert.NotEqual(p.First, p.Second));
        }
    }

    [Theory]
    [InlineData(TestMedia.H264Aac48, EncryptionScheme.Cenc)]
    [InlineData(TestMedia.H264Aac48, EncryptionScheme.Cbcs)]
    [InlineData(TestMedia.Hevc, EncryptionScheme.Cenc)]
    [InlineData(TestMedia.Hevc, EncryptionScheme.Cbcs)]
    [InlineData(TestMedia.Aac44, EncryptionScheme.Cbcs)]
    public async Task IndependentDecryption_RestoresSourceSamples_AndSubsamplesFollowTheRules(TestMedia media, EncryptionScheme scheme)
    {
        var (source, index) = await OpenAsync(media);
        using var _ = source;
        var bytes = await files.ReadAllBytesAsync(media);
        var protection = EncryptedSegments.Protection(scheme);
        foreach (var track in index.Tracks)
        {
            var init = EncryptedSegments.Init(track, protection);
            var reference = new ReferenceDecryptor(EncryptedSegments.Key.Key.ToArray(), init);
            Assert.Equal(scheme == EncryptionScheme.Cbcs ? "cbcs" : "cenc", reference.Scheme);
            var changed = 0;
            foreach (var (first, count) in EncryptedSegments.Ranges(track))
            {
                var segment = await EncryptedSegments.SegmentAsync(source, track, first, count, 1, protection);
                var samples = reference.ReadSegment(segment);
                Assert.Equal(count, samples.Count);
                for (var i = 0; i < count; i++)
                {
                    var info = track.Samples[first + i];
                    var clear = bytes.AsSpan((int)info.Offset, (int)info.Size).ToArray();
                    var sample = samples[i];
                    Assert.Equal(clear, reference.Decrypt(sample));
                    changed += sample.Data.AsSpan().SequenceEqual(clear) ? 0 : 1;
                    CheckSubsamples(track, scheme, clear, sample);
                }
            }

            // Every video frame has a slice long enough to protect; every AAC frame of a whole block or more changes.
            var protectable = Enumerable.Range(0, track.Samples.Count).Count(i => track.IsVideo || track.Samples.Sizes[i] >= 16);
            Assert.True(protectable >= track.Samples.Count - 1);
            Assert.Equal(protectable, changed);
        }
    }

    [Theory]
    [InlineData(TestMedia.H264Aac48)]
    [InlineData(TestMedia.Hevc)]
    public async Task Cbcs_DecryptedByFfmpeg_MatchesClearFrameHashes(TestMedia media)
    {
        var (source, index) = await OpenAsync(media);
        using var _ = source;
        foreach (var track in index.Tracks)
        {
            var clearPath = await WriteAsync($"{media}-cbcs-clear-{track.TrackId}.mp4", await EncryptedSegments.WholeTrackAsync(source, track, null));
            var encrypted = await EncryptedSegments.WholeTrackAsync(source, track, EncryptedSegments.Protection(EncryptionScheme.Cbcs));
            var encryptedPath = await WriteAsync($"{media}-cbcs-{track.TrackId}.mp4", encrypted);
            Assert.Equal(await FrameHashesAsync(clearPath, null), await FrameHashesAsync(encryptedPath, EncryptedSegments.KeyHex));
            var clearPackets = await PacketHashesAsync(clearPath);
            var encryptedPackets = await PacketHashesAsync(encryptedPath);
            Assert.Equal(clearPackets.Count, encryptedPackets.Count);
            Assert.InRange(clearPackets.Zip(encryptedPackets).Count(p => p.First == p.Second), 0, track.IsVideo ? 0 : 1);
        }
    }

    [Theory]
    [InlineData(EncryptionScheme.Cenc)]
    [InlineData(EncryptionScheme.Cbcs)]
    public async Task InitSegment_HasProtectedEntrySinfTencAndPssh_AndStillIndexes(EncryptionScheme scheme)
    {
        var (source, index) = await OpenAsync(TestMedia.H264Aac48);
        using var _ = source;
        var protection = EncryptedSegments.Protection(scheme);
        foreach (var track in index.Tracks)
        {
            var init = EncryptedSegments.Init(track, protection);
            var stsd = Find(init, "moov/trak/mdia/minf/stbl/stsd");
            var entry = Assert.Single(ChildrenOf(init, stsd));
            Assert.Equal(track.IsVideo ? "encv" : "enca", entry.Type);
            var sinf = Find(init, "sinf", entry);
            Assert.Equal(track.Codec.Format.ToString(), Encoding.ASCII.GetString(init, Find(init, "frma", sinf).PayloadStart, 4));
            var schm = Find(init, "schm", sinf);
            Assert.Equal(scheme == EncryptionScheme.Cenc ? "cenc" : "cbcs", Encoding.ASCII.GetString(init, schm.PayloadStart + 4, 4));
            Assert.Equal(0x00010000u, U32(init, schm.PayloadStart + 8));

            var tenc = Find(init, "schi/tenc", sinf);
            var p = tenc.PayloadStart;
            Assert.Equal(scheme == EncryptionScheme.Cenc ? 0 : 1, init[p]);
            Assert.Equal(scheme == EncryptionScheme.Cbcs && track.IsVideo ? 0x19 : 0, init[p + 5]);
            Assert.Equal(1, init[p + 6]);
            Assert.Equal(scheme == EncryptionScheme.Cenc ? 8 : 0, init[p + 7]);
            Assert.Equal(UuidBytes.ToBigEndian(EncryptedSegments.KeyId), init.AsSpan(p + 8, 16).ToArray());
            Assert.Equal(scheme == EncryptionScheme.Cenc ? 24 : 41, tenc.PayloadSize);
            if (scheme == EncryptionScheme.Cbcs)
            {
                Assert.Equal(protection.ConstantIv.ToArray(), init.AsSpan(p + 25, 16).ToArray());
            }

            // The original entry's payload is kept verbatim ahead of the sinf.
            var original = ChildrenOf(track.SampleDescriptionPayload.ToArray(), new Box("stsd", -8, track.SampleDescriptionPayload.Length + 8, 0))[0];
            Assert.Equal(
                track.SampleDescriptionPayload.Span.Slice(original.PayloadStart, original.PayloadSize).ToArray(),
                init.AsSpan(entry.PayloadStart, sinf.Start - entry.PayloadStart).ToArray());

            var moov = Find(init, "moov");
            var pssh = All(init, "pssh", moov);
            Assert.Equal(
                ["1077EFECC0B24D02ACE33C1E52E2FB4B", "EDEF8BA979D64ACEA3C827DCD51D21ED", "9A04F07998404286AB92E65BE0885F95"],
                pssh.Select(b => Convert.ToHexString(init, b.PayloadStart + 4, 16)));

            var reparsed = Assert.Single((await MediaIndexReader.ReadAsync(new MemoryRandomAccessSource(init), cancellationToken: TestContext.Current.CancellationToken)).Tracks);
            Assert.Equal(track.Codec.CodecString, reparsed.Codec.CodecString);
        }
    }

    [Theory]
    [InlineData(EncryptionScheme.Cenc)]
    [InlineData(EncryptionScheme.Cbcs)]
    public async Task MediaSegment_SaizSaioSencAreConsistent(EncryptionScheme scheme)
    {
        var (source, index) = await OpenAsync(TestMedia.H264Aac48);
        using var _ = source;
        var protection = EncryptedSegments.Protection(scheme);
        foreach (var track in index.Tracks)
        {
            var (first, count) = EncryptedSegments.Ranges(track)[1];
            var segment = await EncryptedSegments.SegmentAsync(source, track, first, count, 2, protection);
            var moof = Find(segment, "moof");
            var traf = Find(segment, "traf", moof);
            var types = ChildrenOf(segment, traf).Select(b => b.Type).ToArray();
            if (scheme == EncryptionScheme.Cbcs && track.IsAudio)
            {
                Assert.Equal(["tfhd", "tfdt", "trun"], types);
                continue;
            }

            Assert.Equal(["tfhd", "tfdt", "trun", "saiz", "saio", "senc"], types);
            var saiz = Find(segment, "saiz", traf);
            var saio = Find(segment, "saio", traf);
            var senc = Find(segment, "senc", traf);
            Assert.Equal(track.IsVideo ? 2u : 0u, U32(segment, senc.PayloadStart));
            Assert.Equal((uint)count, U32(segment, senc.PayloadStart + 4));

            // saio: one entry pointing (from the moof, default-base-is-moof) at the first senc entry.
            Assert.Equal(1u, U32(segment, saio.PayloadStart + 4));
            Assert.Equal(senc.PayloadStart + 8, moof.Start + (int)U32(segment, saio.PayloadStart + 8));

            var defaultSize = segment[saiz.PayloadStart + 4];
            Assert.Equal((uint)count, U32(segment, saiz.PayloadStart + 5));
            var total = defaultSize != 0 ? defaultSize * count : Enumerable.Range(0, count).Sum(i => segment[saiz.PayloadStart + 9 + i]);
            Assert.Equal(senc.PayloadSize - 8, total);
            if (scheme == EncryptionScheme.Cenc && track.IsAudio)
            {
                Assert.Equal(8, defaultSize);
            }

            // The trun data offset still lands on the mdat payload.
            var trun = Find(segment, "trun", traf);
            var mdat = Find(segment, "mdat");
            Assert.Equal(mdat.PayloadStart, moof.Start + (int)U32(segment, trun.PayloadStart + 8));
        }
    }

    [Theory]
    [InlineData(EncryptionScheme.Cenc)]
    [InlineData(EncryptionScheme.Cbcs)]
    public async Task Output_IsDeterministic_AndIndependentOfSegmentation(EncryptionScheme scheme)
    {
        var (source, index) = await OpenAsync(TestMedia.H264Aac48);
        using var _ = source;
        foreach (var track in index.Tracks)
        {
            var once = await EncryptedSegments.WholeTrackAsync(source, track, EncryptedSegments.Protection(scheme));
            var twice = await EncryptedSegments.WholeTrackAsync(source, track, EncryptedSegments.Protection(scheme));
            Assert.Equal(once, twice);

            // One segment of all samples carries the same encrypted sample bytes as the per-GOP segments.
            var whole = await EncryptedSegments.SegmentAsync(source, track, 0, track.Samples.Count, 1, EncryptedSegments.Protection(scheme));
            var pieces = new List<byte>();
            foreach (var (first, count) in EncryptedSegments.Ranges(track))
            {
                var segment = await EncryptedSegments.SegmentAsync(source, track, first, count, 1, EncryptedSegments.Protection(scheme));
                var mdat = Find(segment, "mdat");
                pieces.AddRange(segment.AsSpan(mdat.PayloadStart, mdat.PayloadSize).ToArray());
            }

            var wholeMdat = Find(whole, "mdat");
            Assert.Equal(whole.AsSpan(wholeMdat.PayloadStart, wholeMdat.PayloadSize).ToArray(), pieces.ToArray());
        }
    }

    [Fact]
    public async Task Encryptor_ReusedForConsecutiveSegments_MatchesFreshOnes()
    {
        var (source, index) = await OpenAsync(TestMedia.H264Aac48);
        using var _ = source;
        var track = index.Tracks.First(t => t.IsVideo);
        var protection = EncryptedSegments.Protection(EncryptionScheme.Cenc);
        using var encryptor = protection.CreateEncryptor(track);
        foreach (var (first, count) in EncryptedSegments.Ranges(track))
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            await CmafMediaSegmentWriter.WriteAsync(source, track, first, count, 3, buffer, encryptor, TestContext.Current.CancellationToken);
            Assert.Equal(await EncryptedSegments.SegmentAsync(source, track, first, count, 3, protection), buffer.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public async Task Encryptor_RejectsNalLengthPastTheSample()
    {
        var (source, index) = await OpenAsync(TestMedia.H264Aac48);
        using var _ = source;
        var video = index.Tracks.First(t => t.IsVideo);
        using var encryptor = EncryptedSegments.Protection(EncryptionScheme.Cenc).CreateEncryptor(video);
        var sample = new byte[] { 0, 0, 0, 200, 0x65, 1, 2, 3 };
        Assert.Throws<MediaFormatException>(() => encryptor.TransformSample(0, sample));
    }

    private static void CheckSubsamples(TrackInfo track, EncryptionScheme scheme, byte[] clear, ReferenceDecryptor.Sample sample)
    {
        if (track.IsAudio)
        {
            Assert.Null(sample.Subsamples);
            return;
        }

        var subsamples = Assert.IsType<List<(int Clear, int Protected)>>(sample.Subsamples);
        var nal = NalConfiguration.From(track.Codec);

        // The slice header ends where the parser (checked against ffmpeg's trace_headers in Codecs/) says.
        var slices = new SliceHeaderLocator(nal);
        var position = 0;
        foreach (var (clearBytes, protectedBytes) in subsamples)
        {
            position += clearBytes;
            if (protectedBytes == 0)
            {
                continue;
            }

            // A protected range lies inside one VCL NAL unit, after its length prefix, NAL header and slice header.
            var unitStart = FindUnitStart(clear, nal.LengthSize, position);
            var unitLength = (int)ReadLength(clear, unitStart, nal.LengthSize);
            var unit = clear.AsSpan(unitStart + nal.LengthSize, unitLength);
            var type = nal.NalType(unit[0]);
            Assert.True(nal.Codec == VideoCodec.H264 ? type is >= 1 and <= 5 : type <= 31, $"NAL type {type} protected");
            var sliceHeader = slices.ClearHeaderBytes(unit);
            var lead = position - unitStart - nal.LengthSize;
            Assert.Equal(unitStart + nal.LengthSize + unitLength, position + protectedBytes);
            if (scheme == EncryptionScheme.Cenc)
            {
                // Whole blocks only; the leftover joins the clear slice header.
                Assert.Equal(0, protectedBytes % 16);
                Assert.Equal(unitLength - ((unitLength - sliceHeader) / 16 * 16), lead);
            }
            else
            {
                Assert.Equal(sliceHeader, lead);
            }

            position += protectedBytes;
        }

        Assert.Equal(clear.Length, position);
    }

    private static int FindUnitStart(byte[] sample, int lengthSize, int inside)
    {
        var p = 0;
        while (true)
        {
            var next = p + lengthSize + (int)ReadLength(sample, p, lengthSize);
            if (inside < next)
            {
                return p;
            }

            p = next;
        }
    }

    private static long ReadLength(byte[] data, int offset, int size)
    {
        long value = 0;
        for (var i = 0; i < size; i++)
        {
            value = (value << 8) | data[offset + i];
        }

        return value;
    }

    private async Task<(FileRandomAccessSource Source, MediaIndex Index)> OpenAsync(TestMedia media)
    {
        var source = FileRandomAccessSource.Open(await files.GetAsync(media));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        return (source, index);
    }

    private async Task<string> WriteAsync(string name, byte[] data)
    {
        var path = Path.Combine(files.Directory, name);
        await File.WriteAllBytesAsync(path, data, TestContext.Current.CancellationToken);
        return path;
    }

    private static async Task<List<string>> FrameHashesAsync(string path, string? key)
    {
        // ffmpeg 5.1 reads every moof of a seekable file up front and then looks up encryption info in the last fragment
        // for all samples (fixed upstream by get_frag_stream_info_from_pkt); +ignidx makes it read fragments as it plays.
        string[] decryption = key is null ? [] : ["-fflags", "+ignidx", "-decryption_key", key];
        var text = Encoding.UTF8.GetString(await ProcessRunner.RunAsync(
            "ffmpeg", ["-v", "error", "-nostdin", .. decryption, "-i", path, "-map", "0:0", "-f", "framemd5", "-"]));
        return [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(',')[^1].Trim())];
    }

    private static async Task<List<string>> PacketHashesAsync(string path)
    {
        var text = Encoding.UTF8.GetString(await ProcessRunner.RunAsync(
            "ffmpeg", ["-v", "error", "-nostdin", "-fflags", "+ignidx", "-i", path, "-map", "0:0", "-c", "copy", "-f", "framemd5", "-"]));
        return [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(',')[^1].Trim())];
    }
}
