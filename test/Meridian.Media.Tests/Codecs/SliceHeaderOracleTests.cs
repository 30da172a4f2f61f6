using Meridian.Media.Codecs;
using Meridian.Media.Ts;

namespace Meridian.Media.Tests.Codecs;

/// <summary>
/// For every slice of streams made by x264/x265 with many coding tools, the clear header length reported by
/// <see cref="SliceHeaderLocator"/> equals the slice header end printed by ffmpeg's <c>trace_headers</c>, mapped to escaped bytes.
/// </summary>
public sealed class SliceHeaderOracleTests : IDisposable
{
    private readonly string _directory = CodecStreams.NewDirectory();

    public void Dispose() => CodecStreams.Delete(_directory);

    [Theory]
    [InlineData("x264-cabac-weighted", "-bf 3 -refs 4 -x264-params weightp=2:weightb=1:b-pyramid=normal:keyint=25",
        "luma_log2_weight_denom chroma_weight_l0_flag modification_of_pic_nums_idc cabac_alignment_one_bit direct_spatial_mv_pred_flag "
        + "memory_management_control_operation",
        "")]
    [InlineData("x264-cavlc-bframes", "-coder 0 -bf 2 -x264-params weightp=1:keyint=25",
        "luma_log2_weight_denom direct_spatial_mv_pred_flag num_ref_idx_active_override_flag", "cabac_alignment_one_bit")]
    [InlineData("x264-baseline", "-profile:v baseline -x264-params keyint=20", "idr_pic_id", "cabac_alignment_one_bit")]
    [InlineData("x264-slices", "-slices 4 -bf 2 -x264-params weightp=2:keyint=25", "luma_log2_weight_denom cabac_init_idc", "")]
    [InlineData("x264-interlaced", "-flags +ildct+ilme -bf 2 -x264-params keyint=25",
        "field_pic_flag delta_pic_order_cnt_bottom memory_management_control_operation", "")]
    [InlineData("x264-yuv444", "-pix_fmt yuv444p -bf 2 -x264-params weightp=2:keyint=25", "chroma_weight_l0_flag", "")]
    [InlineData("x264-gray", "-pix_fmt gray -bf 2 -x264-params weightp=2:keyint=25", "luma_log2_weight_denom", "chroma_log2_weight_denom")]
    public async Task H264_ClearHeaderBytes_MatchesTraceHeaders(string name, string encoderArgs, string required, string forbidden)
    {
        var path = await EncodeAsync(name + ".mp4", "libx264", encoderArgs);
        var (configuration, units) = await NalUnits.FromMp4Async(path);
        await AssertMatchesOracleAsync(path, null, new SliceHeaderLocator(configuration), units, required, forbidden);
    }

    [Theory]
    [InlineData("x265-default", "-x265-params log-level=error:keyint=25", "entry_point_offset_minus1 slice_sao_luma_flag", "")]
    [InlineData("x265-slices-weighted",
        "-x265-params log-level=error:slices=3:weightp=1:weightb=1:bframes=4:b-pyramid=1:ref=3:keyint=12:open-gop=1",
        "slice_segment_address luma_weight_l1_flag chroma_weight_l0_flag collocated_ref_idx no_output_of_prior_pics_flag num_ref_idx_l1_active_minus1",
        "")]
    [InlineData("x265-tools-off",
        "-x265-params log-level=error:wpp=0:sao=0:deblock=0:constrained-intra=1:signhide=0:keyint=12:bframes=2:weightp=1",
        "slice_qp_delta", "entry_point_offset_minus1 slice_sao_luma_flag")]
    [InlineData("x265-yuv444p10", "-pix_fmt yuv444p10le -x265-params log-level=error:weightp=1:keyint=25", "chroma_weight_l0_flag", "")]
    [InlineData("x265-gray", "-pix_fmt gray -x265-params log-level=error:weightp=1:keyint=25", "luma_weight_l0_flag",
        "slice_sao_chroma_flag chroma_weight_l0_flag")]
    public async Task H265_ClearHeaderBytes_MatchesTraceHeaders(string name, string encoderArgs, string required, string forbidden)
    {
        var path = await EncodeAsync(name + ".mp4", "libx265", "-tag:v hvc1 " + encoderArgs);
        var (configuration, units) = await NalUnits.FromMp4Async(path);
        await AssertMatchesOracleAsync(path, null, new SliceHeaderLocator(configuration), units, required, forbidden);
    }

    // avc3/hev1: parameter sets only in-band, and they change mid-stream (same ids, other contents), so stale tables would
    // mislocate the headers of the second part.
    [Theory]
    [InlineData(VideoCodec.H264, "libx264", "-bf 2 -x264-params weightp=2:keyint=15",
        "-coder 0 -slices 3 -bf 1 -s 320x176 -x264-params keyint=10:weightp=1", "cabac_alignment_one_bit luma_log2_weight_denom")]
    [InlineData(VideoCodec.H265, "libx265", "-x265-params log-level=error:slices=2:weightp=1:keyint=15",
        "-s 320x176 -x265-params log-level=error:wpp=0:repeat-headers=1:opt-qp-pps=1:opt-ref-list-length-pps=1:keyint=10:bframes=3",
        "slice_segment_address luma_weight_l0_flag")]
    public async Task InBandParameterSets_ClearHeaderBytes_MatchesTraceHeaders(
        VideoCodec codec, string encoder, string firstArgs, string secondArgs, string required)
    {
        var extension = codec == VideoCodec.H264 ? ".h264" : ".hevc";
        var first = await EncodeAsync("a" + extension, encoder, firstArgs);
        var second = await EncodeAsync("b" + extension, encoder, secondArgs);
        var joined = Path.Combine(_directory, "joined" + extension);
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllBytesAsync(joined, [.. await File.ReadAllBytesAsync(first, ct), .. await File.ReadAllBytesAsync(second, ct)], ct);
        var units = NalUnits.FromAnnexB(await File.ReadAllBytesAsync(joined, ct));
        var format = codec == VideoCodec.H264 ? "h264" : "hevc";
        await AssertMatchesOracleAsync(joined, format, new SliceHeaderLocator(codec), units, required, "");
    }

    private static async Task AssertMatchesOracleAsync(
        string path, string? format, SliceHeaderLocator locator, List<byte[]> units, string required, string forbidden)
    {
        var traced = await TraceHeaders.SlicesAsync(path, format);
        var slices = units.Where(u => NalUnits.IsSlice(locator.Codec, u)).ToList();
        Assert.True(slices.Count >= 40, $"only {slices.Count} slices");
        Assert.Equal(traced.Count, slices.Count);

        var mismatches = new List<string>();
        var unitIndex = 0;
        var sliceIndex = 0;
        foreach (var unit in units)
        {
            var clear = locator.ClearHeaderBytes(unit);
            if (!NalUnits.IsSlice(locator.Codec, unit))
            {
                Assert.Equal(unit.Length, clear);
            }
            else
            {
                var expected = TraceHeaders.EscapedLength(unit, traced[sliceIndex].EndBit);
                if (clear != expected)
                {
                    mismatches.Add($"slice {sliceIndex} (unit {unitIndex}, type {unit[0]:X2}): {clear} bytes, trace_headers says {expected}");
                }

                sliceIndex++;
            }

            unitIndex++;
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));

        // The stream exercised what the case is about.
        var seen = traced.SelectMany(s => s.Elements).ToHashSet();
        foreach (var element in required.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(seen.Contains(element), $"no slice header has {element}");
        }

        foreach (var element in forbidden.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.False(seen.Contains(element), $"a slice header has {element}");
        }
    }

    private Task<string> EncodeAsync(string file, string encoder, string encoderArgs) =>
        CodecStreams.EncodeAsync(_directory, file, encoder, encoderArgs);
}
