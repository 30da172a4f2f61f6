using System.Buffers;
using System.Security.Cryptography;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Codecs;
using Meridian.Media.Tests.Infrastructure;
using Meridian.Media.Tests.Ts;
using Meridian.Media.Ts;

namespace Meridian.Media.Tests.Crypto;

/// <summary>
/// HLS SAMPLE-AES on MPEG-TS (Apple's "MPEG-2 Stream Encryption Format for HTTP Live Streaming"), checked against a
/// test-side decryptor written from the specification's listings with AES-ECB (<c>SymmetricAlgorithm.DecryptEcb</c>):
/// slice NAL units keep a 32-byte clear lead, then one encrypted block whenever more than 16 bytes remain followed by up
/// to 144 clear bytes, the CBC chain restarting from the IV in every NAL unit and running through its encrypted blocks;
/// AAC frames keep the ADTS header and 16 bytes clear and encrypt every whole block after them; encrypted NAL units carry
/// emulation prevention, so removing one layer of it and decrypting gives back the clear NAL unit.
/// </summary>
public sealed class SampleAesTsTests(MediaFiles files)
{
    private static readonly byte[] Key = Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] Iv = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static SampleAesKey SampleKey() => new(new ContentKey(Guid.Parse("11111111-2222-3333-4444-555555555555"), Key), Iv);

    [Theory]
    [InlineData(5, 48, 0)]
    [InlineData(5, 49, 1)]
    [InlineData(1, 64, 1)]
    [InlineData(1, 65, 1)]
    [InlineData(5, 208, 1)]
    [InlineData(5, 209, 2)]
    [InlineData(1, 1000, 6)]
    [InlineData(6, 1000, 0)]
    [InlineData(7, 200, 0)]
    public void NalUnits_FollowTheClearLeadAndOneInTenPattern(int type, int length, int encryptedBlocks)
    {
        var clear = new byte[length];
        new Random(length * 31 + type).NextBytes(clear);
        clear[0] = (byte)(0x60 | type);
        var encrypted = (byte[])clear.Clone();
        using (var cipher = new SampleAesCipher(SampleKey()))
        {
            Assert.Equal(encryptedBlocks > 0, cipher.EncryptNalUnit(encrypted));
        }

        var blocks = type is 1 or 5 ? ProtectedVideoBlocks(length) : [];
        Assert.Equal(encryptedBlocks, blocks.Count);
        Assert.Equal(clear.AsSpan(0, SampleAesCipher.VideoClearLead).ToArray(), encrypted.AsSpan(0, SampleAesCipher.VideoClearLead).ToArray());
        for (var i = 0; i < length; i++)
        {
            var inBlock = blocks.Any(b => i >= b && i < b + 16);
            if (!inBlock)
            {
                Assert.True(clear[i] == encrypted[i], $"byte {i} of a {length}-byte NAL unit is outside every protected block but changed");
            }
        }

        foreach (var b in blocks)
        {
            Assert.NotEqual(clear.AsSpan(b, 16).ToArray(), encrypted.AsSpan(b, 16).ToArray());
        }

        Assert.Equal(clear, DecryptBlocks(encrypted, blocks));
    }

    [Fact]
    public void NalUnit_WithStartCodesInItsCiphertextAndEscapesInItsClearBytes_SurvivesEscapingAsTheWriterDoesIt()
    {
        // A stored (escaped) slice with emulation prevention in its clear lead and between protected blocks, whose first
        // protected block is chosen so that it encrypts to bytes holding start codes.
        var clear = new byte[300];
        new Random(3).NextBytes(clear);
        clear[0] = 0x65;
        Convert.FromHexString("00000301").CopyTo(clear, 10);
        Convert.FromHexString("00000300").CopyTo(clear, 100);
        var wanted = Convert.FromHexString("00000100000000000002AABBCC000003");
        using (var aes = Aes.Create())
        {
            aes.Key = Key;
            var plain = aes.DecryptEcb(wanted, PaddingMode.None);
            for (var i = 0; i < 16; i++)
            {
                clear[32 + i] = (byte)(plain[i] ^ Iv[i]);
            }
        }

        var encrypted = (byte[])clear.Clone();
        using (var cipher = new SampleAesCipher(SampleKey()))
        {
            Assert.True(cipher.EncryptNalUnit(encrypted));
        }

        Assert.Equal(wanted, encrypted.AsSpan(32, 16).ToArray());
        var escaped = new byte[EmulationPrevention.MaxEscapedLength(encrypted.Length)];
        var sent = escaped.AsSpan(0, EmulationPrevention.Escape(encrypted, escaped)).ToArray();
        AssertNoEmulation(sent);
        Assert.True(sent.Length >= clear.Length + 5, $"{sent.Length - clear.Length} bytes of emulation prevention");
        Assert.Equal(clear, DecryptVideoNal(Unescape(sent)));
    }

    [Theory]
    [InlineData(15, 0)]
    [InlineData(31, 0)]
    [InlineData(32, 1)]
    [InlineData(47, 1)]
    [InlineData(48, 2)]
    [InlineData(371, 22)]
    public void AacFrames_KeepSixteenBytesClear_AndEncryptEveryWholeBlockAfter(int length, int encryptedBlocks)
    {
        var clear = new byte[length];
        new Random(length).NextBytes(clear);
        var encrypted = (byte[])clear.Clone();
        using (var cipher = new SampleAesCipher(SampleKey()))
        {
            cipher.EncryptAudioFrame(encrypted);
        }

        var end = 16 + (encryptedBlocks * 16);
        Assert.Equal(clear.AsSpan(0, Math.Min(16, length)).ToArray(), encrypted.AsSpan(0, Math.Min(16, length)).ToArray());
        Assert.Equal(clear.AsSpan(Math.Min(end, length)).ToArray(), encrypted.AsSpan(Math.Min(end, length)).ToArray());
        for (var b = 16; b < end; b += 16)
        {
            Assert.NotEqual(clear.AsSpan(b, 16).ToArray(), encrypted.AsSpan(b, 16).ToArray());
        }

        Assert.Equal(clear, DecryptAudioFrame(encrypted));
    }

    [Theory]
    [InlineData("000000")]
    [InlineData("000001")]
    [InlineData("00000200000300")]
    [InlineData("0000030100")]
    [InlineData("65000000000000000000")]
    [InlineData("650000")]
    [InlineData("6588840000FF")]
    public void EmulationPrevention_LeavesNoStartCodes_AndUndoesExactly(string hex)
    {
        var input = Convert.FromHexString(hex);
        var escaped = new byte[EmulationPrevention.MaxEscapedLength(input.Length)];
        var written = EmulationPrevention.Escape(input, escaped);
        var output = escaped.AsSpan(0, written).ToArray();
        AssertNoEmulation(output);
        Assert.Equal(input, Unescape(output));
    }

    [Fact]
    public void EmulationPrevention_OfRandomZeroHeavyData_Roundtrips()
    {
        var random = new Random(7);
        for (var n = 0; n < 200; n++)
        {
            var input = new byte[random.Next(1, 300)];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = (byte)(random.Next(4) == 0 ? random.Next(256) : random.Next(4) == 0 ? random.Next(4) : 0);
            }

            var escaped = new byte[EmulationPrevention.MaxEscapedLength(input.Length)];
            var output = escaped.AsSpan(0, EmulationPrevention.Escape(input, escaped)).ToArray();
            AssertNoEmulation(output);
            Assert.Equal(input, Unescape(output));
        }
    }

    [Fact]
    public async Task EncryptedSegments_DecryptToTheClearSegmentsElementaryStreams_AndSignalSampleAesInThePmt()
    {
        var path = await files.GetAsync(TestMedia.H264Aac48);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var video = index.Tracks.Single(t => t.IsVideo);
        var audio = index.Tracks.Single(t => t.IsAudio);
        var (videoRanges, audioRanges) = TsSegments.Split(video, audio);
        var sliceUnits = 0;
        var escapedUnits = 0;
        var audioFrames = 0;
        for (var k = 0; k < videoRanges.Count; k++)
        {
            var clear = TsReader.Packets(await WriteAsync(source, video, videoRanges[k], audio, audioRanges[k], null));
            var encrypted = TsReader.Packets(await WriteAsync(source, video, videoRanges[k], audio, audioRanges[k], SampleKey()));
            AssertPmt(encrypted, audio);

            var clearVideo = TsReader.PesPackets(clear, TsSegmentWriter.VideoPid);
            var encryptedVideo = TsReader.PesPackets(encrypted, TsSegmentWriter.VideoPid);
            Assert.Equal(clearVideo.Count, encryptedVideo.Count);
            for (var p = 0; p < clearVideo.Count; p++)
            {
                Assert.Equal(clearVideo[p].Pts, encryptedVideo[p].Pts);
                var clearNals = NalUnits.FromAnnexB(clearVideo[p].Data);
                var encryptedNals = NalUnits.FromAnnexB(encryptedVideo[p].Data);
                Assert.Equal(clearNals.Count, encryptedNals.Count);
                for (var n = 0; n < clearNals.Count; n++)
                {
                    var type = clearNals[n][0] & 0x1F;
                    if (type is 1 or 5 && clearNals[n].Length > 48)
                    {
                        sliceUnits++;
                        var unescaped = Unescape(encryptedNals[n]);
                        escapedUnits += unescaped.Length != encryptedNals[n].Length ? 1 : 0;
                        Assert.Equal(clearNals[n].Length, unescaped.Length);
                        Assert.NotEqual(clearNals[n], unescaped);
                        Assert.Equal(clearNals[n], DecryptVideoNal(unescaped));
                    }
                    else
                    {
                        Assert.Equal(clearNals[n], encryptedNals[n]);
                    }
                }
            }

            var clearAudio = TsReader.PesPackets(clear, TsSegmentWriter.AudioPid).SelectMany(p => AdtsFrames(p.Data)).ToList();
            var encryptedAudio = TsReader.PesPackets(encrypted, TsSegmentWriter.AudioPid).SelectMany(p => AdtsFrames(p.Data)).ToList();
            Assert.Equal(clearAudio.Count, encryptedAudio.Count);
            for (var f = 0; f < clearAudio.Count; f++)
            {
                Assert.Equal(clearAudio[f].AsSpan(0, 7).ToArray(), encryptedAudio[f].AsSpan(0, 7).ToArray());
                Assert.Equal(clearAudio[f][7..], DecryptAudioFrame(encryptedAudio[f][7..]));
                if (clearAudio[f].Length >= 7 + 32)
                {
                    Assert.NotEqual(clearAudio[f], encryptedAudio[f]);
                    audioFrames++;
                }
            }
        }

        Assert.True(sliceUnits >= video.Samples.Count / 2, $"only {sliceUnits} slice NAL units were encrypted");
        Assert.True(audioFrames >= audio.Samples.Count / 2, $"only {audioFrames} AAC frames were encrypted");
        TestContext.Current.TestOutputHelper?.WriteLine($"{sliceUnits} slices ({escapedUnits} needed emulation prevention), {audioFrames} AAC frames");
    }

    [Fact]
    public async Task Hevc_IsRefused()
    {
        var path = await files.GetAsync(TestMedia.Hevc);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: Token);
        var video = index.Tracks.Single(t => t.IsVideo);
        var error = await Assert.ThrowsAsync<MediaFormatException>(() =>
            WriteAsync(source, video, new TsSegments.Range(0, 1), null, null, SampleKey()));
        Assert.Contains("H.264", error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> WriteAsync(
        IRandomAccessSource source, TrackInfo video, TsSegments.Range v, TrackInfo? audio, TsSegments.Range? a, SampleAesKey? key)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await TsSegmentWriter.WriteAsync(
            new TsTrackInput(source, video, v.First, v.Count) { Encryption = key },
            audio is null || a is null || a.Count == 0 ? null : new TsTrackInput(source, audio, a.First, a.Count) { Encryption = key },
            0, buffer, Token);
        return buffer.WrittenSpan.ToArray();
    }

    private static void AssertPmt(List<TsReader.Packet> packets, TrackInfo audio)
    {
        var pmt = packets.First(p => p.Pid == TsSegmentWriter.PmtPid).Payload;
        var section = pmt.AsSpan(1 + pmt[0]);
        Assert.Equal(0x02, section[0]);
        var sectionLength = ((section[1] & 0x0F) << 8) | section[2];
        var end = 3 + sectionLength - 4;
        var p = 12 + (((section[10] & 0x0F) << 8) | section[11]);
        var streams = new Dictionary<int, byte[]>();
        while (p < end)
        {
            var infoLength = ((section[p + 3] & 0x0F) << 8) | section[p + 4];
            streams[section[p]] = section.Slice(p + 5, infoLength).ToArray();
            p += 5 + infoLength;
        }

        Assert.Equal(new[] { 0xDB, 0xCF }, streams.Keys.OrderDescending().ToArray());
        Assert.Equal("\u000f\u0004zavc"u8.ToArray(), streams[0xDB]);
        var config = audio.Codec.DecoderSpecificInfo.ToArray();
        byte[] expected = [.. "\u000f\u0004aacd"u8, 0x05, (byte)(12 + config.Length), .. "apadzaac"u8, 0, 0, 1, (byte)config.Length, .. config];
        Assert.Equal(expected, streams[0xCF]);
    }

    // Offsets of the encrypted blocks of an unescaped NAL unit of this length, after Apple's listing: from byte 32, a
    // block when more than 16 bytes remain, then up to 144 clear bytes.
    private static List<int> ProtectedVideoBlocks(int length)
    {
        var blocks = new List<int>();
        var position = SampleAesCipher.VideoClearLead;
        while (length - position > 0)
        {
            if (length - position > 16)
            {
                blocks.Add(position);
                position += 16;
            }

            position += Math.Min(144, length - position);
        }

        return blocks;
    }

    private static byte[] DecryptVideoNal(byte[] nal) => DecryptBlocks(nal, ProtectedVideoBlocks(nal.Length));

    private static byte[] DecryptAudioFrame(byte[] frame)
    {
        var blocks = new List<int>();
        for (var b = 16; b + 16 <= frame.Length; b += 16)
        {
            blocks.Add(b);
        }

        return DecryptBlocks(frame, blocks);
    }

    // CBC by hand: each block is ECB-decrypted and XORed with the previous ciphertext block (the IV for the first).
    private static byte[] DecryptBlocks(byte[] data, List<int> blocks)
    {
        using var aes = Aes.Create();
        aes.Key = Key;
        var output = (byte[])data.Clone();
        var previous = (byte[])Iv.Clone();
        foreach (var b in blocks)
        {
            var cipher = data.AsSpan(b, 16).ToArray();
            var plain = aes.DecryptEcb(cipher, PaddingMode.None);
            for (var i = 0; i < 16; i++)
            {
                output[b + i] = (byte)(plain[i] ^ previous[i]);
            }

            previous = cipher;
        }

        return output;
    }

    // Removes one layer of emulation prevention the way the clients do: the 0x03 of every 0x000003.
    private static byte[] Unescape(byte[] data)
    {
        var output = new List<byte>(data.Length);
        var zeros = 0;
        foreach (var b in data)
        {
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            output.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. output];
    }

    private static void AssertNoEmulation(byte[] data)
    {
        for (var i = 2; i < data.Length; i++)
        {
            Assert.False(data[i - 2] == 0 && data[i - 1] == 0 && data[i] <= 2, $"start code emulation at byte {i - 2}: {Convert.ToHexString(data)}");
        }

        Assert.False(data.Length >= 2 && data[^1] == 0 && data[^2] == 0, "ends in two zero bytes");
    }

    private static IEnumerable<byte[]> AdtsFrames(byte[] data)
    {
        var position = 0;
        while (position + 7 <= data.Length)
        {
            Assert.True(data[position] == 0xFF && (data[position + 1] & 0xF0) == 0xF0, $"no ADTS sync word at {position}");
            var length = ((data[position + 3] & 0x03) << 11) | (data[position + 4] << 3) | (data[position + 5] >> 5);
            yield return data[position..(position + length)];
            position += length;
        }

        Assert.Equal(data.Length, position);
    }
}
