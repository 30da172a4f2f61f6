namespace Meridian.Media.Ts;

/// <summary>Exact conversions between media timescales.</summary>
public static class Timescale
{
    /// <summary>
    /// Converts <paramref name="ticks"/> from <paramref name="from"/> to <paramref name="to"/> units, rounding to the nearest
    /// tick (halves upwards) in 128-bit arithmetic, so the result is exact for any 64-bit input and never drifts.
    /// </summary>
    public static long Rescale(long ticks, long from, long to)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(from);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(to);
        var numerator = ((Int128)ticks * to * 2) + from;
        var denominator = (Int128)from * 2;
        var quotient = numerator / denominator;
        if (numerator % denominator != 0 && numerator < 0)
        {
            quotient--;
        }

        return (long)quotient;
    }
}
