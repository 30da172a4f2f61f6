namespace Meridian.Media.Codecs;

/// <summary>The fields of an H.265 PPS (ITU-T H.265 §7.3.2.3.1) that the slice segment header syntax depends on.</summary>
internal sealed class H265PictureParameterSet
{
    public int Id { get; private init; }

    public int SpsId { get; private init; }

    public bool DependentSliceSegmentsEnabled { get; private init; }

    public bool OutputFlagPresent { get; private init; }

    public int NumExtraSliceHeaderBits { get; private init; }

    public bool CabacInitPresent { get; private init; }

    public int NumRefIdxL0DefaultActive { get; private init; }

    public int NumRefIdxL1DefaultActive { get; private init; }

    public bool SliceChromaQpOffsetsPresent { get; private init; }

    public bool WeightedPred { get; private init; }

    public bool WeightedBipred { get; private init; }

    public bool TilesEnabled { get; private init; }

    public bool EntropyCodingSyncEnabled { get; private init; }

    public bool LoopFilterAcrossSlicesEnabled { get; private init; }

    public bool DeblockingFilterOverrideEnabled { get; private init; }

    public bool DeblockingFilterDisabled { get; private init; }

    public bool ListsModificationPresent { get; private init; }

    public bool SliceSegmentHeaderExtensionPresent { get; private init; }

    public bool ChromaQpOffsetListEnabled { get; private init; }

    /// <summary>Parses a PPS NAL unit of layer 0 (with its two-byte NAL header) through its range extension.</summary>
    public static H265PictureParameterSet Parse(ReadOnlySpan<byte> nalUnit)
    {
        var r = new RbspBitReader(nalUnit, "H.265 picture parameter set");
        r.Skip(16);
        var id = (int)r.ReadUe(63, "pps_pic_parameter_set_id");
        var spsId = (int)r.ReadUe(15, "pps_seq_parameter_set_id");
        var dependentSlices = r.ReadFlag();
        var outputFlagPresent = r.ReadFlag();
        var extraBits = (int)r.ReadBits(3);
        r.Skip(1);
        var cabacInitPresent = r.ReadFlag();
        var l0 = (int)r.ReadUe(14, "num_ref_idx_l0_default_active_minus1") + 1;
        var l1 = (int)r.ReadUe(14, "num_ref_idx_l1_default_active_minus1") + 1;
        r.ReadSe();
        r.Skip(1);
        var transformSkip = r.ReadFlag();
        if (r.ReadFlag())
        {
            r.ReadUe();
        }

        r.ReadSe();
        r.ReadSe();
        var sliceChromaQpOffsets = r.ReadFlag();
        var weightedPred = r.ReadFlag();
        var weightedBipred = r.ReadFlag();
        r.Skip(1);
        var tiles = r.ReadFlag();
        var sync = r.ReadFlag();
        if (tiles)
        {
            var columns = r.ReadUe(1023, "num_tile_columns_minus1") + 1;
            var rows = r.ReadUe(1023, "num_tile_rows_minus1") + 1;
            if (!r.ReadFlag())
            {
                for (var i = 0; i < columns - 1; i++)
                {
                    r.ReadUe();
                }

                for (var i = 0; i < rows - 1; i++)
                {
                    r.ReadUe();
                }
            }

            r.Skip(1);
        }

        var loopFilterAcrossSlices = r.ReadFlag();
        var overrideEnabled = false;
        var deblockingDisabled = false;
        if (r.ReadFlag())
        {
            overrideEnabled = r.ReadFlag();
            deblockingDisabled = r.ReadFlag();
            if (!deblockingDisabled)
            {
                r.ReadSe();
                r.ReadSe();
            }
        }

        if (r.ReadFlag())
        {
            H265SequenceParameterSet.SkipScalingListData(ref r);
        }

        var listsModification = r.ReadFlag();
        r.ReadUe();
        var headerExtension = r.ReadFlag();
        var chromaQpOffsetList = false;
        if (r.ReadFlag())
        {
            var range = r.ReadFlag();
            r.Skip(2);
            if (r.ReadFlag())
            {
                throw new MediaFormatException("H.265 screen content coding (pps_scc_extension) cannot be encrypted.");
            }

            r.Skip(4);
            if (range)
            {
                // pps_range_extension(), §7.3.2.3.2
                if (transformSkip)
                {
                    r.ReadUe();
                }

                r.Skip(1);
                chromaQpOffsetList = r.ReadFlag();
            }
        }

        return new H265PictureParameterSet
        {
            Id = id,
            SpsId = spsId,
            DependentSliceSegmentsEnabled = dependentSlices,
            OutputFlagPresent = outputFlagPresent,
            NumExtraSliceHeaderBits = extraBits,
            CabacInitPresent = cabacInitPresent,
            NumRefIdxL0DefaultActive = l0,
            NumRefIdxL1DefaultActive = l1,
            SliceChromaQpOffsetsPresent = sliceChromaQpOffsets,
            WeightedPred = weightedPred,
            WeightedBipred = weightedBipred,
            TilesEnabled = tiles,
            EntropyCodingSyncEnabled = sync,
            LoopFilterAcrossSlicesEnabled = loopFilterAcrossSlices,
            DeblockingFilterOverrideEnabled = overrideEnabled,
            DeblockingFilterDisabled = deblockingDisabled,
            ListsModificationPresent = listsModification,
            SliceSegmentHeaderExtensionPresent = headerExtension,
            ChromaQpOffsetListEnabled = chromaQpOffsetList,
        };
    }
}
