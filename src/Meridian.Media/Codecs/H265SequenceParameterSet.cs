namespace Meridian.Media.Codecs;

/// <summary>The fields of an H.265 SPS (ITU-T H.265 §7.3.2.2.1) that the slice segment header syntax depends on.</summary>
internal sealed class H265SequenceParameterSet
{
    public int Id { get; private init; }

    public bool SeparateColourPlane { get; private init; }

    public int ChromaArrayType { get; private init; }

    public int Log2MaxPicOrderCntLsb { get; private init; }

    public long PicSizeInCtbsY { get; private init; }

    public bool SampleAdaptiveOffsetEnabled { get; private init; }

    public IReadOnlyList<H265ShortTermRefPicSet> ShortTermRefPicSets { get; private init; } = [];

    public bool LongTermRefPicsPresent { get; private init; }

    /// <summary>used_by_curr_pic_lt_sps_flag of each of the num_long_term_ref_pics_sps candidates.</summary>
    public IReadOnlyList<bool> UsedByCurrPicLtSps { get; private init; } = [];

    public bool TemporalMvpEnabled { get; private init; }

    /// <summary>Parses an SPS NAL unit of layer 0 (with its two-byte NAL header) up to the last field slice headers need.</summary>
    public static H265SequenceParameterSet Parse(ReadOnlySpan<byte> nalUnit)
    {
        var r = new RbspBitReader(nalUnit, "H.265 sequence parameter set");
        r.Skip(16 + 4);
        var maxSubLayersMinus1 = (int)r.ReadBits(3);
        r.Skip(1);
        SkipProfileTierLevel(ref r, maxSubLayersMinus1);
        var id = (int)r.ReadUe(15, "sps_seq_parameter_set_id");
        var chromaFormatIdc = (int)r.ReadUe(3, "chroma_format_idc");
        var separateColourPlane = chromaFormatIdc == 3 && r.ReadFlag();
        var width = r.ReadUe(65535, "pic_width_in_luma_samples");
        var height = r.ReadUe(65535, "pic_height_in_luma_samples");
        if (r.ReadFlag())
        {
            for (var i = 0; i < 4; i++)
            {
                r.ReadUe();
            }
        }

        r.ReadUe(8, "bit_depth_luma_minus8");
        r.ReadUe(8, "bit_depth_chroma_minus8");
        var log2MaxPocLsb = (int)r.ReadUe(12, "log2_max_pic_order_cnt_lsb_minus4") + 4;
        var orderingInfoForAll = r.ReadFlag();
        for (var i = orderingInfoForAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++)
        {
            r.ReadUe();
            r.ReadUe();
            r.ReadUe();
        }

        var minCbLog2 = (int)r.ReadUe(3, "log2_min_luma_coding_block_size_minus3") + 3;
        var ctbLog2 = minCbLog2 + (int)r.ReadUe(3, "log2_diff_max_min_luma_coding_block_size");
        if (ctbLog2 > 7)
        {
            throw r.Invalid($"CtbLog2SizeY is {ctbLog2}");
        }

        r.ReadUe();
        r.ReadUe();
        r.ReadUe();
        r.ReadUe();
        if (r.ReadFlag() && r.ReadFlag())
        {
            SkipScalingListData(ref r);
        }

        r.Skip(1);
        var sao = r.ReadFlag();
        if (r.ReadFlag())
        {
            r.Skip(8);
            r.ReadUe();
            r.ReadUe();
            r.Skip(1);
        }

        var setCount = (int)r.ReadUe(64, "num_short_term_ref_pic_sets");
        var sets = new List<H265ShortTermRefPicSet>(setCount);
        for (var i = 0; i < setCount; i++)
        {
            var set = new H265ShortTermRefPicSet();
            set.Parse(ref r, i, setCount, sets);
            sets.Add(set);
        }

        var longTermPresent = r.ReadFlag();
        var usedLt = new List<bool>();
        if (longTermPresent)
        {
            var count = r.ReadUe(32, "num_long_term_ref_pics_sps");
            for (var i = 0; i < count; i++)
            {
                r.Skip(log2MaxPocLsb);
                usedLt.Add(r.ReadFlag());
            }
        }

        var temporalMvp = r.ReadFlag();
        var ctbSize = 1L << ctbLog2;
        return new H265SequenceParameterSet
        {
            Id = id,
            SeparateColourPlane = separateColourPlane,
            ChromaArrayType = separateColourPlane ? 0 : chromaFormatIdc,
            Log2MaxPicOrderCntLsb = log2MaxPocLsb,
            PicSizeInCtbsY = ((width + ctbSize - 1) / ctbSize) * ((height + ctbSize - 1) / ctbSize),
            SampleAdaptiveOffsetEnabled = sao,
            ShortTermRefPicSets = sets,
            LongTermRefPicsPresent = longTermPresent,
            UsedByCurrPicLtSps = usedLt,
            TemporalMvpEnabled = temporalMvp,
        };
    }

    /// <summary>scaling_list_data(), §7.3.4; also used by the PPS.</summary>
    public static void SkipScalingListData(ref RbspBitReader r)
    {
        for (var sizeId = 0; sizeId < 4; sizeId++)
        {
            for (var matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1)
            {
                if (!r.ReadFlag())
                {
                    r.ReadUe((uint)(sizeId == 3 ? matrixId / 3 : matrixId), "scaling_list_pred_matrix_id_delta");
                    continue;
                }

                var coefficients = Math.Min(64, 1 << (4 + (sizeId << 1)));
                if (sizeId > 1)
                {
                    r.ReadSe();
                }

                for (var i = 0; i < coefficients; i++)
                {
                    r.ReadSe();
                }
            }
        }
    }

    // profile_tier_level(1, maxSubLayersMinus1), §7.3.3. Screen content coding profiles add slice header fields that are
    // signalled behind the VUI, which is not parsed, so they are refused.
    private static void SkipProfileTierLevel(ref RbspBitReader r, int maxSubLayersMinus1)
    {
        r.Skip(3);
        var profileIdc = r.ReadBits(5);
        if (profileIdc is 9 or 11)
        {
            throw new MediaFormatException($"H.265 profile {profileIdc} (screen content coding) cannot be encrypted.");
        }

        r.Skip(32 + 4 + 43 + 1 + 8);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = r.ReadFlag();
            levelPresent[i] = r.ReadFlag();
        }

        if (maxSubLayersMinus1 > 0)
        {
            r.Skip(2 * (8 - maxSubLayersMinus1));
        }

        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            r.Skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }
    }
}
