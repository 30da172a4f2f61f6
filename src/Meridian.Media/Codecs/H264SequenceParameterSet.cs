namespace Meridian.Media.Codecs;

/// <summary>The fields of an H.264 SPS (ITU-T H.264 §7.3.2.1.1) that the slice header syntax depends on.</summary>
internal sealed class H264SequenceParameterSet
{
    public int Id { get; private init; }

    public bool SeparateColourPlane { get; private init; }

    /// <summary>0 for monochrome or separately coded colour planes, else chroma_format_idc (§7.4.2.1.1).</summary>
    public int ChromaArrayType { get; private init; }

    public int Log2MaxFrameNum { get; private init; }

    public int PicOrderCntType { get; private init; }

    public int Log2MaxPicOrderCntLsb { get; private init; }

    public bool DeltaPicOrderAlwaysZero { get; private init; }

    public bool FrameMbsOnly { get; private init; }

    public long PicSizeInMapUnits { get; private init; }

    /// <summary>Parses an SPS NAL unit (with its one-byte NAL header) up to the last field slice headers need.</summary>
    public static H264SequenceParameterSet Parse(ReadOnlySpan<byte> nalUnit)
    {
        var r = new RbspBitReader(nalUnit, "H.264 sequence parameter set");
        r.Skip(8);
        var profileIdc = r.ReadBits(8);
        r.Skip(16);
        var id = (int)r.ReadUe(31, "seq_parameter_set_id");
        var chromaFormatIdc = 1;
        var separateColourPlane = false;
        if (profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chromaFormatIdc = (int)r.ReadUe(3, "chroma_format_idc");
            if (chromaFormatIdc == 3)
            {
                separateColourPlane = r.ReadFlag();
            }

            r.ReadUe(6, "bit_depth_luma_minus8");
            r.ReadUe(6, "bit_depth_chroma_minus8");
            r.Skip(1);
            if (r.ReadFlag())
            {
                var lists = chromaFormatIdc != 3 ? 8 : 12;
                for (var i = 0; i < lists; i++)
                {
                    if (r.ReadFlag())
                    {
                        SkipScalingList(ref r, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        var log2MaxFrameNum = (int)r.ReadUe(12, "log2_max_frame_num_minus4") + 4;
        var pocType = (int)r.ReadUe(2, "pic_order_cnt_type");
        var log2MaxPocLsb = 0;
        var deltaPicOrderAlwaysZero = false;
        if (pocType == 0)
        {
            log2MaxPocLsb = (int)r.ReadUe(12, "log2_max_pic_order_cnt_lsb_minus4") + 4;
        }
        else if (pocType == 1)
        {
            deltaPicOrderAlwaysZero = r.ReadFlag();
            r.ReadSe();
            r.ReadSe();
            var cycle = r.ReadUe(255, "num_ref_frames_in_pic_order_cnt_cycle");
            for (var i = 0; i < cycle; i++)
            {
                r.ReadSe();
            }
        }

        r.ReadUe();
        r.Skip(1);
        var widthInMbs = r.ReadUe(65535, "pic_width_in_mbs_minus1") + 1L;
        var heightInMapUnits = r.ReadUe(65535, "pic_height_in_map_units_minus1") + 1L;
        var frameMbsOnly = r.ReadFlag();
        return new H264SequenceParameterSet
        {
            Id = id,
            SeparateColourPlane = separateColourPlane,
            ChromaArrayType = separateColourPlane ? 0 : chromaFormatIdc,
            Log2MaxFrameNum = log2MaxFrameNum,
            PicOrderCntType = pocType,
            Log2MaxPicOrderCntLsb = log2MaxPocLsb,
            DeltaPicOrderAlwaysZero = deltaPicOrderAlwaysZero,
            FrameMbsOnly = frameMbsOnly,
            PicSizeInMapUnits = widthInMbs * heightInMapUnits,
        };
    }

    // §7.3.2.1.1.1: the list stops being coded once a delta makes the next scale 0.
    private static void SkipScalingList(ref RbspBitReader r, int size)
    {
        var last = 8;
        var next = 8;
        for (var j = 0; j < size && next != 0; j++)
        {
            var delta = r.ReadSe();
            if (delta is < -128 or > 127)
            {
                throw r.Invalid($"delta_scale {delta}");
            }

            next = (last + delta + 256) % 256;
            last = next == 0 ? last : next;
        }
    }
}
