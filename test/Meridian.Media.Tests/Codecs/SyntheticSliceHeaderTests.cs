using Meridian.Media.Codecs;
using Meridian.Media.Ts;

namespace Meridian.Media.Tests.Codecs;

/// <summary>
/// Hand-built streams for syntax no ffmpeg encoder emits (H.264 FMO; H.265 inter-predicted reference picture sets, long-term
/// pictures, list modification, dependent slice segments, tiles, extra slice header bits, header extensions, chroma QP offset
/// lists), checked against ffmpeg's <c>trace_headers</c> like the encoded streams.
/// </summary>
public sealed class SyntheticSliceHeaderTests : IDisposable
{
    private static readonly byte[] SliceData = [0xAB, 0xCD, 0xEF, 0x12, 0x34, 0x56, 0x78, 0x9A];
    private readonly string _directory = CodecStreams.NewDirectory();

    public void Dispose() => CodecStreams.Delete(_directory);

    [Fact]
    public async Task H264_FlexibleMacroblockOrdering_MatchesTraceHeaders()
    {
        // ids 1: the stream starts with a real x264 picture (ids 0), from which ffmpeg learns the picture size, as its
        // decoder does not implement FMO.
        var sps = new TestBitWriter().U(8, 0x67).U(8, 66).U(8, 0).U(8, 30).Ue(1).Ue(0).Ue(0).Ue(2).Ue(1).Flag(false).Ue(25).Ue(14)
            .Flag(true).Flag(true).Flag(false).Flag(false).Trailing();
        var pps = new TestBitWriter().U(8, 0x68).Ue(1).Ue(1).Flag(false).Flag(false).Ue(1).Ue(4).Flag(false).Ue(2).Ue(0).Ue(0)
            .Flag(false).U(2, 0).Se(0).Se(0).Se(0).Flag(true).Flag(false).Flag(true).Trailing();
        var idr = new TestBitWriter().U(8, 0x65).Ue(0).Ue(7).Ue(1).U(4, 0).Ue(0).U(6, 0).Ue(0).Flag(false).Flag(false).Se(0)
            .Ue(0).Se(0).Se(0).U(8, 5);
        var p = new TestBitWriter().U(8, 0x41).Ue(10).Ue(5).Ue(1).U(4, 1).U(6, 2).Ue(0).Flag(false).Flag(false).Flag(false).Se(-2)
            .Ue(1).U(8, 130);
        var real = await CodecStreams.EncodeAsync(_directory, "real.h264", "libx264", "-profile:v baseline -frames:v 1");
        var realUnits = NalUnits.FromAnnexB(await File.ReadAllBytesAsync(real, TestContext.Current.CancellationToken));
        await AssertMatchesAsync(
            VideoCodec.H264, [.. realUnits, sps.Escaped(), pps.Escaped(), WithData(idr), WithData(p)], "slice_group_change_cycle");
    }

    [Fact]
    public async Task H265_RareSliceSegmentHeaderSyntax_MatchesTraceHeaders()
    {
        var vps = new TestBitWriter().U(16, 0x4001).U(4, 0).Flag(true).Flag(true).U(6, 0).U(3, 0).Flag(true).U(16, 0xFFFF);
        ProfileTierLevel(vps).Flag(true).Ue(5).Ue(2).Ue(0).U(6, 0).Ue(0).Flag(false).Flag(false).Trailing();

        var sps = new TestBitWriter().U(16, 0x4201).U(4, 0).U(3, 0).Flag(true);
        ProfileTierLevel(sps).Ue(0).Ue(1).Ue(416).Ue(240).Flag(false).Ue(0).Ue(0).Ue(4).Flag(true).Ue(5).Ue(2).Ue(0)
            .Ue(0).Ue(3).Ue(0).Ue(3).Ue(1).Ue(1).Flag(false).Flag(true).Flag(true).Flag(false)
            .Ue(3)
            .Ue(2).Ue(1).Ue(0).Flag(true).Ue(1).Flag(true).Ue(0).Flag(false) // set 0: S0 = -1, -3 (used), S1 = +1 (unused)
            .Flag(true).Flag(true).Ue(0) // set 1: predicted from set 0 with deltaRps = -1 ...
            .Flag(true).Flag(false).Flag(true).Flag(false).Flag(false).Flag(true) // ... giving S0 = -1, -2 (used), -4
            .Flag(false).Ue(1).Ue(0).Ue(0).Flag(true) // set 2: S0 = -1 (used)
            .Flag(true).Ue(2).U(8, 10).Flag(false).U(8, 20).Flag(true) // two long-term candidates, the second used
            .Flag(true).Flag(true).Flag(false).Flag(false).Trailing();

        var pps = new TestBitWriter().U(16, 0x4401).Ue(0).Ue(0).Flag(true).Flag(true).U(3, 2).Flag(false).Flag(true).Ue(1).Ue(0)
            .Se(0).Flag(false).Flag(true).Flag(true).Ue(1).Se(0).Se(0).Flag(true).Flag(true).Flag(false).Flag(false)
            .Flag(true).Flag(true).Ue(1).Ue(1).Flag(true).Flag(true) // tiles 2x2 and wavefronts
            .Flag(true).Flag(true).Flag(true).Flag(false).Se(0).Se(0) // deblocking control with override
            .Flag(false).Flag(true).Ue(0).Flag(true) // lists_modification_present, slice header extension
            .Flag(true).Flag(true).Flag(false).Flag(false).Flag(false).U(4, 0) // pps_range_extension only
            .Ue(0).Flag(false).Flag(true).Ue(0).Ue(0).Se(1).Se(-1).Ue(0).Ue(0).Trailing();

        var idr = new TestBitWriter().U(16, 0x2601).Flag(true).Flag(false).Ue(0).U(2, 0).Ue(2).Flag(true).Flag(true).Flag(true)
            .Se(0).Se(0).Se(0).Flag(true).Flag(true).Flag(false).Se(1).Se(-1).Flag(true)
            .Ue(3).Ue(4).U(5, 3).U(5, 9).U(5, 31).Ue(2).U(8, 0).U(8, 7);
        var dependent = new TestBitWriter().U(16, 0x2601).Flag(false).Flag(false).Ue(0).Flag(true).U(5, 7).Ue(1).Ue(0).U(1, 1).Ue(0);

        // P: slice-coded set predicted from SPS set 1 (delta_idx_minus1 = 1) with deltaRps = +2 -> S0 = -2, S1 = +1, +2, all
        // used; plus one SPS long-term candidate and one coded long-term picture, both used: NumPicTotalCurr = 5.
        var trailP = new TestBitWriter().U(16, 0x0201).Flag(true).Ue(0).U(2, 0).Ue(1).Flag(true).U(8, 4).Flag(false)
            .Flag(true).Ue(1).Flag(false).Ue(1).Flag(true).Flag(false).Flag(false).Flag(true).Flag(true)
            .Ue(1).Ue(1).U(1, 1).Flag(false).U(8, 30).Flag(true).Flag(false)
            .Flag(true).Flag(false).Flag(true)
            .Flag(true).Ue(3).Flag(true).U(3, 0).U(3, 4).U(3, 2).U(3, 1)
            .Flag(false).Ue(2)
            .Ue(6).Se(-1).Flag(true).Flag(false).Flag(false).Flag(true).Flag(false).Flag(true).Flag(false).Flag(false)
            .Se(3).Se(-2).Se(1).Se(-3).Se(1).Se(-3).Se(0).Se(5)
            .Ue(2).Se(-3).Se(1).Se(1).Flag(false).Flag(false).Flag(false)
            .Ue(0).Ue(1).U(8, 0);

        // B: SPS set 1 by index (NumPicTotalCurr = 2), lists modification of both lists, deblocking disabled by override.
        var trailB = new TestBitWriter().U(16, 0x0001).Flag(true).Ue(0).U(2, 0).Ue(0).Flag(true).U(8, 2).Flag(true).U(2, 1)
            .Ue(0).Ue(0).Flag(false).Flag(true).Flag(true)
            .Flag(true).Ue(1).Ue(1).Flag(true).U(1, 1).U(1, 0).Flag(true).U(1, 0).U(1, 1)
            .Flag(true).Flag(true).Ue(0).Se(2).Se(0).Se(0).Flag(true).Flag(true).Flag(true).Flag(true)
            .Ue(0).Ue(0);

        await AssertMatchesAsync(
            VideoCodec.H265,
            [vps.Escaped(), sps.Escaped(), pps.Escaped(), WithAlignedData(idr), WithAlignedData(dependent), WithAlignedData(trailP),
                WithAlignedData(trailB)],
            "delta_idx_minus1 lt_idx_sps poc_lsb_lt list_entry_l0 list_entry_l1 dependent_slice_segment_flag slice_reserved_flag "
                + "pic_output_flag entry_point_offset_minus1 slice_segment_header_extension_data_byte cu_chroma_qp_offset_enabled_flag "
                + "collocated_ref_idx delta_chroma_weight_l0 short_term_ref_pic_set_idx slice_deblocking_filter_disabled_flag");
    }

    private static TestBitWriter ProfileTierLevel(TestBitWriter w) =>
        w.U(2, 0).Flag(false).U(5, 1).U(32, 0x60000000).U(4, 0b1001).U(43, 0).U(1, 0).U(8, 93);

    // H.264 CAVLC slice data continues mid-byte, right after the header bits.
    private static byte[] WithData(TestBitWriter header)
    {
        foreach (var b in SliceData)
        {
            header.U(8, b);
        }

        return header.Escaped();
    }

    private static byte[] WithAlignedData(TestBitWriter header)
    {
        header.Trailing();
        return TestBitWriter.Escape([.. header.Rbsp(), .. SliceData]);
    }

    private async Task AssertMatchesAsync(VideoCodec codec, byte[][] units, string required)
    {
        var path = Path.Combine(_directory, codec == VideoCodec.H264 ? "s.h264" : "s.hevc");
        var stream = new List<byte>();
        foreach (var unit in units)
        {
            stream.AddRange((byte[])[0, 0, 0, 1]);
            stream.AddRange(unit);
        }

        await File.WriteAllBytesAsync(path, [.. stream], TestContext.Current.CancellationToken);
        var format = codec == VideoCodec.H264 ? "h264" : "hevc";
        var traced = await TraceHeaders.SlicesAsync(path, format, format);
        var locator = new SliceHeaderLocator(codec);
        var slice = 0;
        foreach (var unit in units)
        {
            var clear = locator.ClearHeaderBytes(unit);
            if (NalUnits.IsSlice(codec, unit))
            {
                Assert.True(slice < traced.Count, $"trace_headers printed {traced.Count} slices");
                Assert.Equal(TraceHeaders.EscapedLength(unit, traced[slice].EndBit), clear);
                slice++;
            }
            else
            {
                Assert.Equal(unit.Length, clear);
            }
        }

        Assert.Equal(traced.Count, slice);
        var seen = traced.SelectMany(s => s.Elements).ToHashSet();
        foreach (var element in required.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(seen.Contains(element), $"no slice header has {element}");
        }
    }
}
