namespace Meridian.Media.Codecs;

/// <summary>
/// Finds where the slice segment header of an H.265 VCL NAL unit ends (ITU-T H.265 §7.3.6.1, through byte_alignment()),
/// keeping the SPS/PPS tables it needs. Only layer 0 (single-layer HEVC) is supported.
/// </summary>
internal sealed class H265SliceHeaderParser : ISliceHeaderParser
{
    private const int SliceB = 0;
    private const int SliceP = 1;
    private const int MaxRefIdx = 15;

    private readonly H265SequenceParameterSet?[] _sps = new H265SequenceParameterSet?[16];
    private readonly H265PictureParameterSet?[] _pps = new H265PictureParameterSet?[64];
    private readonly H265ShortTermRefPicSet _sliceRps = new();

    public int ClearHeaderBytes(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 2)
        {
            throw new MediaFormatException("An H.265 NAL unit is shorter than its header.");
        }

        var type = (nalUnit[0] >> 1) & 0x3F;
        var layer = ((nalUnit[0] & 1) << 5) | (nalUnit[1] >> 3);
        if (type is <= 9 or (>= 16 and <= 21))
        {
            if (layer != 0)
            {
                throw new MediaFormatException($"H.265 slices of layer {layer} (multi-layer HEVC) cannot be encrypted.");
            }

            return SliceHeaderBytes(nalUnit, type);
        }

        if (layer == 0 && type == 33)
        {
            var sps = H265SequenceParameterSet.Parse(nalUnit);
            _sps[sps.Id] = sps;
        }
        else if (layer == 0 && type == 34)
        {
            var pps = H265PictureParameterSet.Parse(nalUnit);
            _pps[pps.Id] = pps;
        }

        return nalUnit.Length;
    }

    private int SliceHeaderBytes(ReadOnlySpan<byte> nalUnit, int nalType)
    {
        var r = new RbspBitReader(nalUnit, "H.265 slice segment header");
        if (r.ReadFlag())
        {
            throw r.Invalid("forbidden_zero_bit is set");
        }

        r.Skip(15);
        var firstSliceSegmentInPic = r.ReadFlag();
        if (nalType is >= 16 and <= 23)
        {
            r.Skip(1);
        }

        var ppsId = r.ReadUe(63, "slice_pic_parameter_set_id");
        var pps = _pps[ppsId] ?? throw new MediaFormatException($"An H.265 slice refers to picture parameter set {ppsId}, which was not sent.");
        var sps = _sps[pps.SpsId]
            ?? throw new MediaFormatException($"H.265 picture parameter set {ppsId} refers to sequence parameter set {pps.SpsId}, which was not sent.");

        var dependent = false;
        if (!firstSliceSegmentInPic)
        {
            if (pps.DependentSliceSegmentsEnabled)
            {
                dependent = r.ReadFlag();
            }

            r.Skip(CodecMath.CeilLog2(sps.PicSizeInCtbsY));
        }

        if (!dependent)
        {
            SkipIndependentFields(ref r, nalType, sps, pps);
        }

        if (pps.TilesEnabled || pps.EntropyCodingSyncEnabled)
        {
            var offsets = r.ReadUe((uint)Math.Min(sps.PicSizeInCtbsY, uint.MaxValue - 1), "num_entry_point_offsets");
            if (offsets > 0)
            {
                var bits = (int)r.ReadUe(31, "offset_len_minus1") + 1;
                for (var i = 0L; i < offsets; i++)
                {
                    r.Skip(bits);
                }
            }
        }

        if (pps.SliceSegmentHeaderExtensionPresent)
        {
            r.Skip(8 * (int)r.ReadUe(256, "slice_segment_header_extension_length"));
        }

        // byte_alignment(), §7.3.2.12
        if (!r.ReadFlag())
        {
            throw r.Invalid("alignment_bit_equal_to_one is 0");
        }

        while (!r.IsByteAligned)
        {
            if (r.ReadFlag())
            {
                throw r.Invalid("an alignment_bit_equal_to_zero is 1");
            }
        }

        return r.EscapedBytesConsumed;
    }

    private void SkipIndependentFields(ref RbspBitReader r, int nalType, H265SequenceParameterSet sps, H265PictureParameterSet pps)
    {
        r.Skip(pps.NumExtraSliceHeaderBits);
        var sliceType = (int)r.ReadUe(2, "slice_type");
        if (pps.OutputFlagPresent)
        {
            r.Skip(1);
        }

        if (sps.SeparateColourPlane)
        {
            r.Skip(2);
        }

        var numPicTotalCurr = 0;
        var temporalMvp = false;
        if (nalType is not 19 and not 20)
        {
            r.Skip(sps.Log2MaxPicOrderCntLsb);
            numPicTotalCurr = SkipReferencePictureSets(ref r, sps);
            if (sps.TemporalMvpEnabled)
            {
                temporalMvp = r.ReadFlag();
            }
        }

        var saoLuma = false;
        var saoChroma = false;
        if (sps.SampleAdaptiveOffsetEnabled)
        {
            saoLuma = r.ReadFlag();
            saoChroma = sps.ChromaArrayType != 0 && r.ReadFlag();
        }

        if (sliceType is SliceP or SliceB)
        {
            var l0 = pps.NumRefIdxL0DefaultActive;
            var l1 = sliceType == SliceB ? pps.NumRefIdxL1DefaultActive : 0;
            if (r.ReadFlag())
            {
                l0 = (int)r.ReadUe(MaxRefIdx - 1, "num_ref_idx_l0_active_minus1") + 1;
                if (sliceType == SliceB)
                {
                    l1 = (int)r.ReadUe(MaxRefIdx - 1, "num_ref_idx_l1_active_minus1") + 1;
                }
            }

            if (pps.ListsModificationPresent && numPicTotalCurr > 1)
            {
                // ref_pic_lists_modification(), §7.3.6.2
                var entryBits = CodecMath.CeilLog2(numPicTotalCurr);
                if (r.ReadFlag())
                {
                    r.Skip(l0 * entryBits);
                }

                if (sliceType == SliceB && r.ReadFlag())
                {
                    r.Skip(l1 * entryBits);
                }
            }

            if (sliceType == SliceB)
            {
                r.Skip(1);
            }

            if (pps.CabacInitPresent)
            {
                r.Skip(1);
            }

            if (temporalMvp)
            {
                var collocatedFromL0 = sliceType != SliceB || r.ReadFlag();
                if ((collocatedFromL0 && l0 > 1) || (!collocatedFromL0 && l1 > 1))
                {
                    r.ReadUe(MaxRefIdx - 1, "collocated_ref_idx");
                }
            }

            if ((pps.WeightedPred && sliceType == SliceP) || (pps.WeightedBipred && sliceType == SliceB))
            {
                SkipPredWeightTable(ref r, sps.ChromaArrayType, l0, l1);
            }

            r.ReadUe(4, "five_minus_max_num_merge_cand");
        }

        r.ReadSe();
        if (pps.SliceChromaQpOffsetsPresent)
        {
            r.ReadSe();
            r.ReadSe();
        }

        if (pps.ChromaQpOffsetListEnabled)
        {
            r.Skip(1);
        }

        var deblockingOverride = pps.DeblockingFilterOverrideEnabled && r.ReadFlag();
        var deblockingDisabled = pps.DeblockingFilterDisabled;
        if (deblockingOverride)
        {
            deblockingDisabled = r.ReadFlag();
            if (!deblockingDisabled)
            {
                r.ReadSe();
                r.ReadSe();
            }
        }

        if (pps.LoopFilterAcrossSlicesEnabled && (saoLuma || saoChroma || !deblockingDisabled))
        {
            r.Skip(1);
        }
    }

    // The short-term set (coded here or chosen from the SPS) and the long-term pictures; returns NumPicTotalCurr (7-55).
    private int SkipReferencePictureSets(ref RbspBitReader r, H265SequenceParameterSet sps)
    {
        var sets = sps.ShortTermRefPicSets;
        H265ShortTermRefPicSet shortTerm;
        if (!r.ReadFlag())
        {
            _sliceRps.Parse(ref r, sets.Count, sets.Count, sets);
            shortTerm = _sliceRps;
        }
        else
        {
            if (sets.Count == 0)
            {
                throw r.Invalid("short_term_ref_pic_set_sps_flag is set but the SPS has no sets");
            }

            var index = sets.Count > 1 ? (int)r.ReadBits(CodecMath.CeilLog2(sets.Count)) : 0;
            if (index >= sets.Count)
            {
                throw r.Invalid($"short_term_ref_pic_set_idx {index} is out of range");
            }

            shortTerm = sets[index];
        }

        var total = shortTerm.UsedByCurrPicCount;
        if (sps.LongTermRefPicsPresent)
        {
            var candidates = sps.UsedByCurrPicLtSps;
            var fromSps = candidates.Count > 0 ? (int)r.ReadUe((uint)candidates.Count, "num_long_term_sps") : 0;
            var coded = (int)r.ReadUe(32, "num_long_term_pics");
            var indexBits = CodecMath.CeilLog2(candidates.Count);
            for (var i = 0; i < fromSps + coded; i++)
            {
                if (i < fromSps)
                {
                    var index = candidates.Count > 1 ? (int)r.ReadBits(indexBits) : 0;
                    if (index >= candidates.Count)
                    {
                        throw r.Invalid($"lt_idx_sps {index} is out of range");
                    }

                    total += candidates[index] ? 1 : 0;
                }
                else
                {
                    r.Skip(sps.Log2MaxPicOrderCntLsb);
                    total += r.ReadFlag() ? 1 : 0;
                }

                if (r.ReadFlag())
                {
                    r.ReadUe();
                }
            }
        }

        return total;
    }

    // pred_weight_table(), §7.3.6.3. Without screen content coding or layers, no reference picture has the current
    // picture's POC, so every luma/chroma weight flag is present.
    private static void SkipPredWeightTable(ref RbspBitReader r, int chromaArrayType, int l0, int l1)
    {
        r.ReadUe(7, "luma_log2_weight_denom");
        if (chromaArrayType != 0)
        {
            r.ReadSe();
        }

        for (var list = 0; list < 2; list++)
        {
            var count = list == 0 ? l0 : l1;
            var luma = 0;
            var chroma = 0;
            for (var i = 0; i < count; i++)
            {
                luma |= (int)r.ReadBit() << i;
            }

            if (chromaArrayType != 0)
            {
                for (var i = 0; i < count; i++)
                {
                    chroma |= (int)r.ReadBit() << i;
                }
            }

            for (var i = 0; i < count; i++)
            {
                if ((luma & (1 << i)) != 0)
                {
                    r.ReadSe();
                    r.ReadSe();
                }

                if ((chroma & (1 << i)) != 0)
                {
                    for (var j = 0; j < 4; j++)
                    {
                        r.ReadSe();
                    }
                }
            }
        }
    }
}
