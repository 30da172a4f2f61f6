namespace Meridian.Media.Codecs;

/// <summary>
/// Finds where the slice header of an H.264 slice NAL unit ends (ITU-T H.264 §7.3.3), keeping the SPS/PPS tables it needs.
/// </summary>
internal sealed class H264SliceHeaderParser : ISliceHeaderParser
{
    private const int SliceP = 0;
    private const int SliceB = 1;
    private const int SliceI = 2;
    private const int SliceSp = 3;
    private const int SliceSi = 4;

    private readonly H264SequenceParameterSet?[] _sps = new H264SequenceParameterSet?[32];
    private readonly H264PictureParameterSet?[] _pps = new H264PictureParameterSet?[256];

    public int ClearHeaderBytes(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.IsEmpty)
        {
            throw new MediaFormatException("An H.264 NAL unit is empty.");
        }

        switch (nalUnit[0] & 0x1F)
        {
            case 1 or 5:
                return SliceHeaderBytes(nalUnit);
            case 2 or 3 or 4:
                throw new MediaFormatException("H.264 data partitioning (NAL unit types 2-4, Extended profile) cannot be encrypted.");
            case 7:
                var sps = H264SequenceParameterSet.Parse(nalUnit);
                _sps[sps.Id] = sps;
                return nalUnit.Length;
            case 8:
                var pps = H264PictureParameterSet.Parse(nalUnit);
                _pps[pps.Id] = pps;
                return nalUnit.Length;
            default:
                return nalUnit.Length;
        }
    }

    private int SliceHeaderBytes(ReadOnlySpan<byte> nalUnit)
    {
        var r = new RbspBitReader(nalUnit, "H.264 slice header");
        if (r.ReadFlag())
        {
            throw r.Invalid("forbidden_zero_bit is set");
        }

        var nalRefIdc = r.ReadBits(2);
        var idr = r.ReadBits(5) == 5;
        r.ReadUe();
        var sliceType = (int)(r.ReadUe(9, "slice_type") % 5);
        var ppsId = r.ReadUe(255, "pic_parameter_set_id");
        var pps = _pps[ppsId] ?? throw new MediaFormatException($"An H.264 slice refers to picture parameter set {ppsId}, which was not sent.");
        var sps = _sps[pps.SpsId]
            ?? throw new MediaFormatException($"H.264 picture parameter set {ppsId} refers to sequence parameter set {pps.SpsId}, which was not sent.");

        if (sps.SeparateColourPlane)
        {
            r.Skip(2);
        }

        r.Skip(sps.Log2MaxFrameNum);
        var fieldPic = false;
        if (!sps.FrameMbsOnly)
        {
            fieldPic = r.ReadFlag();
            if (fieldPic)
            {
                r.Skip(1);
            }
        }

        if (idr)
        {
            r.ReadUe();
        }

        if (sps.PicOrderCntType == 0)
        {
            r.Skip(sps.Log2MaxPicOrderCntLsb);
            if (pps.BottomFieldPicOrderInFramePresent && !fieldPic)
            {
                r.ReadSe();
            }
        }
        else if (sps.PicOrderCntType == 1 && !sps.DeltaPicOrderAlwaysZero)
        {
            r.ReadSe();
            if (pps.BottomFieldPicOrderInFramePresent && !fieldPic)
            {
                r.ReadSe();
            }
        }

        if (pps.RedundantPicCntPresent)
        {
            r.ReadUe();
        }

        if (sliceType == SliceB)
        {
            r.Skip(1);
        }

        var l0 = pps.NumRefIdxL0DefaultActive;
        var l1 = pps.NumRefIdxL1DefaultActive;
        if (sliceType is SliceP or SliceSp or SliceB)
        {
            if (r.ReadFlag())
            {
                l0 = (int)r.ReadUe(31, "num_ref_idx_l0_active_minus1") + 1;
                if (sliceType == SliceB)
                {
                    l1 = (int)r.ReadUe(31, "num_ref_idx_l1_active_minus1") + 1;
                }
            }
        }

        if (sliceType is not SliceI and not SliceSi)
        {
            SkipRefPicListModification(ref r);
            if (sliceType == SliceB)
            {
                SkipRefPicListModification(ref r);
            }
        }

        if ((pps.WeightedPred && sliceType is SliceP or SliceSp) || (pps.WeightedBipredIdc == 1 && sliceType == SliceB))
        {
            SkipPredWeightTable(ref r, sps.ChromaArrayType, l0, sliceType == SliceB ? l1 : 0);
        }

        if (nalRefIdc != 0)
        {
            SkipDecRefPicMarking(ref r, idr);
        }

        if (pps.EntropyCodingMode && sliceType is not SliceI and not SliceSi)
        {
            r.ReadUe(2, "cabac_init_idc");
        }

        r.ReadSe();
        if (sliceType is SliceSp or SliceSi)
        {
            if (sliceType == SliceSp)
            {
                r.Skip(1);
            }

            r.ReadSe();
        }

        if (pps.DeblockingFilterControlPresent && r.ReadUe(6, "disable_deblocking_filter_idc") != 1)
        {
            r.ReadSe();
            r.ReadSe();
        }

        if (pps.NumSliceGroups > 1 && pps.SliceGroupMapType is >= 3 and <= 5)
        {
            r.Skip(SliceGroupChangeCycleBits(sps.PicSizeInMapUnits, pps.SliceGroupChangeRate));
        }

        // slice_data() §7.3.4 starts with cabac_alignment_one_bit up to the byte boundary.
        if (pps.EntropyCodingMode)
        {
            while (!r.IsByteAligned)
            {
                if (!r.ReadFlag())
                {
                    throw r.Invalid("a cabac_alignment_one_bit is 0");
                }
            }
        }

        return r.EscapedBytesConsumed;
    }

    // §7.3.3.1; each operation consumes bits, so a hostile loop ends at the end of the unit.
    private static void SkipRefPicListModification(ref RbspBitReader r)
    {
        if (!r.ReadFlag())
        {
            return;
        }

        while (true)
        {
            var idc = r.ReadUe(3, "modification_of_pic_nums_idc");
            if (idc == 3)
            {
                return;
            }

            r.ReadUe();
        }
    }

    // §7.3.3.2
    private static void SkipPredWeightTable(ref RbspBitReader r, int chromaArrayType, int l0, int l1)
    {
        r.ReadUe(7, "luma_log2_weight_denom");
        if (chromaArrayType != 0)
        {
            r.ReadUe(7, "chroma_log2_weight_denom");
        }

        for (var list = 0; list < 2; list++)
        {
            var count = list == 0 ? l0 : l1;
            for (var i = 0; i < count; i++)
            {
                if (r.ReadFlag())
                {
                    r.ReadSe();
                    r.ReadSe();
                }

                if (chromaArrayType != 0 && r.ReadFlag())
                {
                    for (var j = 0; j < 4; j++)
                    {
                        r.ReadSe();
                    }
                }
            }
        }
    }

    // §7.3.3.3
    private static void SkipDecRefPicMarking(ref RbspBitReader r, bool idr)
    {
        if (idr)
        {
            r.Skip(2);
            return;
        }

        if (!r.ReadFlag())
        {
            return;
        }

        while (true)
        {
            var operation = r.ReadUe(6, "memory_management_control_operation");
            switch (operation)
            {
                case 0:
                    return;
                case 5:
                    break;
                case 3:
                    r.ReadUe();
                    r.ReadUe();
                    break;
                default:
                    r.ReadUe();
                    break;
            }
        }
    }

    // §7.4.3: Ceil(Log2(PicSizeInMapUnits ÷ SliceGroupChangeRate + 1)) with exact division: the least n with
    // 2^n * rate >= size + rate.
    private static int SliceGroupChangeCycleBits(long picSizeInMapUnits, long changeRate)
    {
        var n = 0;
        while (n < 40 && ((picSizeInMapUnits + changeRate + (1L << n) - 1) >> n) > changeRate)
        {
            n++;
        }

        return n;
    }
}
