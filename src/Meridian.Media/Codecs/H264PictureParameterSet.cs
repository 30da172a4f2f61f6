namespace Meridian.Media.Codecs;

/// <summary>The fields of an H.264 PPS (ITU-T H.264 §7.3.2.2) that the slice header syntax depends on.</summary>
internal sealed class H264PictureParameterSet
{
    public int Id { get; private init; }

    public int SpsId { get; private init; }

    public bool EntropyCodingMode { get; private init; }

    public bool BottomFieldPicOrderInFramePresent { get; private init; }

    public int NumSliceGroups { get; private init; }

    public int SliceGroupMapType { get; private init; }

    public long SliceGroupChangeRate { get; private init; }

    public int NumRefIdxL0DefaultActive { get; private init; }

    public int NumRefIdxL1DefaultActive { get; private init; }

    public bool WeightedPred { get; private init; }

    public int WeightedBipredIdc { get; private init; }

    public bool DeblockingFilterControlPresent { get; private init; }

    public bool RedundantPicCntPresent { get; private init; }

    /// <summary>Parses a PPS NAL unit (with its one-byte NAL header) up to the last field slice headers need.</summary>
    public static H264PictureParameterSet Parse(ReadOnlySpan<byte> nalUnit)
    {
        var r = new RbspBitReader(nalUnit, "H.264 picture parameter set");
        r.Skip(8);
        var id = (int)r.ReadUe(255, "pic_parameter_set_id");
        var spsId = (int)r.ReadUe(31, "seq_parameter_set_id");
        var entropyCodingMode = r.ReadFlag();
        var bottomFieldPicOrder = r.ReadFlag();
        var numSliceGroups = (int)r.ReadUe(7, "num_slice_groups_minus1") + 1;
        var mapType = 0;
        var changeRate = 1L;
        if (numSliceGroups > 1)
        {
            // Flexible macroblock ordering (Baseline/Extended profiles); only slice_group_change_cycle reaches the slice header.
            mapType = (int)r.ReadUe(6, "slice_group_map_type");
            switch (mapType)
            {
                case 0:
                    for (var i = 0; i < numSliceGroups; i++)
                    {
                        r.ReadUe();
                    }

                    break;
                case 2:
                    for (var i = 0; i < numSliceGroups - 1; i++)
                    {
                        r.ReadUe();
                        r.ReadUe();
                    }

                    break;
                case 3 or 4 or 5:
                    r.Skip(1);
                    changeRate = r.ReadUe(uint.MaxValue - 1, "slice_group_change_rate_minus1") + 1L;
                    break;
                case 6:
                    var units = r.ReadUe(1 << 22, "pic_size_in_map_units_minus1") + 1L;
                    var bits = CodecMath.CeilLog2(numSliceGroups);
                    for (var i = 0L; i < units; i++)
                    {
                        r.Skip(bits);
                    }

                    break;
            }
        }

        var l0 = (int)r.ReadUe(31, "num_ref_idx_l0_default_active_minus1") + 1;
        var l1 = (int)r.ReadUe(31, "num_ref_idx_l1_default_active_minus1") + 1;
        var weightedPred = r.ReadFlag();
        var weightedBipredIdc = (int)r.ReadBits(2);
        r.ReadSe();
        r.ReadSe();
        r.ReadSe();
        var deblocking = r.ReadFlag();
        r.Skip(1);
        var redundant = r.ReadFlag();
        return new H264PictureParameterSet
        {
            Id = id,
            SpsId = spsId,
            EntropyCodingMode = entropyCodingMode,
            BottomFieldPicOrderInFramePresent = bottomFieldPicOrder,
            NumSliceGroups = numSliceGroups,
            SliceGroupMapType = mapType,
            SliceGroupChangeRate = changeRate,
            NumRefIdxL0DefaultActive = l0,
            NumRefIdxL1DefaultActive = l1,
            WeightedPred = weightedPred,
            WeightedBipredIdc = weightedBipredIdc,
            DeblockingFilterControlPresent = deblocking,
            RedundantPicCntPresent = redundant,
        };
    }
}
