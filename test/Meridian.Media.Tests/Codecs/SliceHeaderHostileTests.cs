using System.Diagnostics;
using Meridian.Media.Codecs;
using Meridian.Media.Ts;

namespace Meridian.Media.Tests.Codecs;

public sealed class SliceHeaderHostileTests : IDisposable
{
    private readonly string _directory = CodecStreams.NewDirectory();

    public void Dispose() => CodecStreams.Delete(_directory);

    [Theory]
    [InlineData("libx264", "-bf 2 -slices 2 -x264-params weightp=2")]
    [InlineData("libx264", "-coder 0 -bf 2")]
    [InlineData("libx265", "-tag:v hvc1 -x265-params log-level=error:slices=2:weightp=1")]
    public async Task ClearHeaderBytes_TruncatedSlices_ThrowUntilTheHeaderIsWhole(string encoder, string args)
    {
        var path = await CodecStreams.EncodeAsync(_directory, "t.mp4", encoder, args);
        var (configuration, units) = await NalUnits.FromMp4Async(path);
        var locator = new SliceHeaderLocator(configuration);
        var checkedSlices = 0;
        foreach (var unit in units.Where(u => NalUnits.IsSlice(configuration.Codec, u)).Take(60))
        {
            var clear = locator.ClearHeaderBytes(unit);
            Assert.InRange(clear, configuration.Codec == VideoCodec.H264 ? 2 : 3, unit.Length);
            for (var length = 0; length < clear; length++)
            {
                var truncated = unit[..length];
                Assert.Throws<MediaFormatException>(() => locator.ClearHeaderBytes(truncated));
            }

            Assert.Equal(clear, locator.ClearHeaderBytes(unit[..clear]));
            checkedSlices++;
        }

        Assert.True(checkedSlices >= 40, $"only {checkedSlices} slices");
    }

    [Theory]
    [InlineData("libx264", "-bf 2 -slices 2 -x264-params weightp=2", 1)]
    [InlineData("libx264", "-flags +ildct+ilme -bf 2", 2)]
    [InlineData("libx265", "-tag:v hvc1 -x265-params log-level=error:slices=2:weightp=1:weightb=1", 3)]
    public async Task ClearHeaderBytes_MutatedUnits_ReturnInRangeOrThrowMediaFormatException(string encoder, string args, int seed)
    {
        var path = await CodecStreams.EncodeAsync(_directory, "m.mp4", encoder, args);
        var (configuration, units) = await NalUnits.FromMp4Async(path);
        List<byte[]> stream = [.. configuration.ParameterSets, .. units.Take(80)];
        var random = new Random(seed);
        int accepted = 0, rejected = 0;
        var clock = Stopwatch.StartNew();
        for (var m = 0; m < 4000; m++)
        {
            var target = random.Next(stream.Count);
            var mutated = Mutate(stream[target], random);
            var locator = new SliceHeaderLocator(configuration.Codec);
            try
            {
                for (var i = 0; i < stream.Count && i <= target + 3; i++)
                {
                    var unit = i == target ? mutated : stream[i];
                    var clear = locator.ClearHeaderBytes(unit);
                    Assert.InRange(clear, 1, unit.Length);
                }

                accepted++;
            }
            catch (MediaFormatException)
            {
                rejected++;
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"4000 mutants took {clock.Elapsed}");
        Assert.True(rejected > 100, $"only {rejected} of 4000 mutants were rejected");
        Assert.True(accepted > 100, $"only {accepted} of 4000 mutants were accepted");
    }

    [Fact]
    public void ClearHeaderBytes_UnknownParameterSets_ThrowMediaFormatException()
    {
        var h264 = new SliceHeaderLocator(VideoCodec.H264);
        var sps = new TestBitWriter().U(8, 0x67).U(8, 66).U(8, 0).U(8, 30).Ue(0).Ue(0).Ue(0).Ue(2).Ue(1).Flag(false).Ue(25).Ue(14)
            .Flag(true).Trailing().Escaped();
        Assert.Equal(sps.Length, h264.ClearHeaderBytes(sps));
        var pps = new TestBitWriter().U(8, 0x68).Ue(0).Ue(3).Flag(false).Flag(false).Ue(0).Ue(0).Ue(0).Flag(false).U(2, 0).Se(0).Se(0)
            .Se(0).Flag(true).Flag(false).Flag(false).Trailing().Escaped();
        Assert.Equal(pps.Length, h264.ClearHeaderBytes(pps));
        var slice = new TestBitWriter().U(8, 0x65).Ue(0).Ue(7).Ue(7).U(24, 0xFFFFFF).Trailing().Escaped();
        var e = Assert.Throws<MediaFormatException>(() => h264.ClearHeaderBytes(slice));
        Assert.Contains("picture parameter set 7", e.Message, StringComparison.Ordinal);
        var toPps0 = new TestBitWriter().U(8, 0x65).Ue(0).Ue(7).Ue(0).U(24, 0xFFFFFF).Trailing().Escaped();
        e = Assert.Throws<MediaFormatException>(() => h264.ClearHeaderBytes(toPps0));
        Assert.Contains("sequence parameter set 3", e.Message, StringComparison.Ordinal);

        var h265 = new SliceHeaderLocator(VideoCodec.H265);
        var idr = new TestBitWriter().U(16, 0x2601).Flag(true).Flag(false).Ue(9).U(24, 0xFFFFFF).Trailing().Escaped();
        e = Assert.Throws<MediaFormatException>(() => h265.ClearHeaderBytes(idr));
        Assert.Contains("picture parameter set 9", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VideoCodec.H264, new byte[] { 0x65, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(VideoCodec.H264, new byte[] { 0x67, 0x64, 0x00, 0x1E, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF })]
    [InlineData(VideoCodec.H264, new byte[] { 0x65, 0x88 })]
    [InlineData(VideoCodec.H264, new byte[] { 0x62, 0x88, 0x84 })]
    [InlineData(VideoCodec.H264, new byte[] { 0xE5, 0x88, 0x84 })]
    [InlineData(VideoCodec.H264, new byte[] { })]
    [InlineData(VideoCodec.H265, new byte[] { 0x26, 0x01, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xFF })]
    [InlineData(VideoCodec.H265, new byte[] { 0x26, 0x09, 0xAF, 0xFF })]
    [InlineData(VideoCodec.H265, new byte[] { 0x42, 0x01, 0x01, 0x01 })]
    [InlineData(VideoCodec.H265, new byte[] { 0x26 })]
    public void ClearHeaderBytes_MalformedUnits_ThrowMediaFormatException(VideoCodec codec, byte[] unit)
    {
        var locator = new SliceHeaderLocator(codec);
        Assert.Throws<MediaFormatException>(() => locator.ClearHeaderBytes(unit));
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        var reach = Math.Min(data.Length, 48);
        switch (random.Next(4))
        {
            case 0:
                for (var i = 1 + random.Next(4); i > 0; i--)
                {
                    data[random.Next(reach)] ^= (byte)(1 << random.Next(8));
                }

                return data;
            case 1:
                return data[..random.Next(reach + 1)];
            case 2:
                data[random.Next(reach)] = random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF;
                data[random.Next(reach)] = 0x00;
                return data;
            default:
                var start = 1 + random.Next(Math.Max(1, reach - 1));
                data.AsSpan(Math.Min(start, data.Length)).Clear();
                return data;
        }
    }
}
