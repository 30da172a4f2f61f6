namespace Meridian.Media.Codecs;

/// <summary>
/// A short-term reference picture set, st_ref_pic_set() of ITU-T H.265 §7.3.7, with its derived delta POCs (§7.4.8), which
/// later sets predicted from it and NumPicTotalCurr need.
/// </summary>
internal sealed class H265ShortTermRefPicSet
{
    /// <summary>MaxDpbSize - 1 bounds each list (§7.4.8, A.4.2).</summary>
    public const int MaxPictures = 16;

    private readonly int[] _deltaPocS0 = new int[MaxPictures];
    private readonly int[] _deltaPocS1 = new int[MaxPictures];
    private readonly bool[] _usedS0 = new bool[MaxPictures];
    private readonly bool[] _usedS1 = new bool[MaxPictures];

    public int NumNegative { get; private set; }

    public int NumPositive { get; private set; }

    public int NumDeltaPocs => NumNegative + NumPositive;

    /// <summary>Pictures of the set used by the current picture: its part of NumPicTotalCurr (§7.4.7.2).</summary>
    public int UsedByCurrPicCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < NumNegative; i++)
            {
                count += _usedS0[i] ? 1 : 0;
            }

            for (var i = 0; i < NumPositive; i++)
            {
                count += _usedS1[i] ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>
    /// Reads st_ref_pic_set(<paramref name="index"/>) into this instance. <paramref name="spsSets"/> holds at least the
    /// sets 0..index-1 of the SPS, which codes <paramref name="spsSetCount"/> sets; an index equal to that count is the set
    /// coded in a slice header.
    /// </summary>
    public void Parse(ref RbspBitReader r, int index, int spsSetCount, IReadOnlyList<H265ShortTermRefPicSet> spsSets)
    {
        if (index != 0 && r.ReadFlag())
        {
            ParsePredicted(ref r, index, spsSetCount, spsSets);
            return;
        }

        var negative = (int)r.ReadUe(MaxPictures, "num_negative_pics");
        var positive = (int)r.ReadUe((uint)(MaxPictures - negative), "num_positive_pics");
        var poc = 0;
        for (var i = 0; i < negative; i++)
        {
            poc -= (int)r.ReadUe(32767, "delta_poc_s0_minus1") + 1;
            _deltaPocS0[i] = poc;
            _usedS0[i] = r.ReadFlag();
        }

        poc = 0;
        for (var i = 0; i < positive; i++)
        {
            poc += (int)r.ReadUe(32767, "delta_poc_s1_minus1") + 1;
            _deltaPocS1[i] = poc;
            _usedS1[i] = r.ReadFlag();
        }

        NumNegative = negative;
        NumPositive = positive;
    }

    // inter_ref_pic_set_prediction_flag = 1: the set is the reference set shifted by deltaRps, with entries dropped or kept
    // (equations 7-61 and 7-62).
    private void ParsePredicted(ref RbspBitReader r, int index, int spsSetCount, IReadOnlyList<H265ShortTermRefPicSet> spsSets)
    {
        var deltaIdx = 1;
        if (index == spsSetCount)
        {
            deltaIdx = (int)r.ReadUe((uint)(index - 1), "delta_idx_minus1") + 1;
        }

        var reference = spsSets[index - deltaIdx];
        var sign = r.ReadFlag();
        var magnitude = (int)r.ReadUe(32767, "abs_delta_rps_minus1") + 1;
        var deltaRps = sign ? -magnitude : magnitude;

        var count = reference.NumDeltaPocs;
        Span<bool> used = stackalloc bool[(2 * MaxPictures) + 1];
        Span<bool> useDelta = stackalloc bool[(2 * MaxPictures) + 1];
        for (var j = 0; j <= count; j++)
        {
            used[j] = r.ReadFlag();
            useDelta[j] = used[j] || r.ReadFlag();
        }

        var refNegative = reference.NumNegative;
        var refPositive = reference.NumPositive;
        Span<int> s0 = stackalloc int[MaxPictures];
        Span<int> s1 = stackalloc int[MaxPictures];
        Span<bool> u0 = stackalloc bool[MaxPictures];
        Span<bool> u1 = stackalloc bool[MaxPictures];

        var n = 0;
        for (var j = refPositive - 1; j >= 0; j--)
        {
            var poc = reference._deltaPocS1[j] + deltaRps;
            if (poc < 0 && useDelta[refNegative + j])
            {
                Add(s0, u0, ref n, poc, used[refNegative + j]);
            }
        }

        if (deltaRps < 0 && useDelta[count])
        {
            Add(s0, u0, ref n, deltaRps, used[count]);
        }

        for (var j = 0; j < refNegative; j++)
        {
            var poc = reference._deltaPocS0[j] + deltaRps;
            if (poc < 0 && useDelta[j])
            {
                Add(s0, u0, ref n, poc, used[j]);
            }
        }

        var negative = n;
        n = 0;
        for (var j = refNegative - 1; j >= 0; j--)
        {
            var poc = reference._deltaPocS0[j] + deltaRps;
            if (poc > 0 && useDelta[j])
            {
                Add(s1, u1, ref n, poc, used[j]);
            }
        }

        if (deltaRps > 0 && useDelta[count])
        {
            Add(s1, u1, ref n, deltaRps, used[count]);
        }

        for (var j = 0; j < refPositive; j++)
        {
            var poc = reference._deltaPocS1[j] + deltaRps;
            if (poc > 0 && useDelta[refNegative + j])
            {
                Add(s1, u1, ref n, poc, used[refNegative + j]);
            }
        }

        if (negative + n > MaxPictures)
        {
            throw r.Invalid($"a predicted reference picture set holds {negative + n} pictures");
        }

        s0[..negative].CopyTo(_deltaPocS0);
        u0[..negative].CopyTo(_usedS0);
        s1[..n].CopyTo(_deltaPocS1);
        u1[..n].CopyTo(_usedS1);
        NumNegative = negative;
        NumPositive = n;
    }

    private static void Add(Span<int> pocs, Span<bool> used, ref int n, int poc, bool isUsed)
    {
        if (n == MaxPictures)
        {
            throw new MediaFormatException("An H.265 predicted short-term reference picture set has too many pictures.");
        }

        pocs[n] = poc;
        used[n] = isUsed;
        n++;
    }
}
