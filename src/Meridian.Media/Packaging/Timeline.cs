namespace Meridian.Media.Packaging;

/// <summary>
/// The common presentation timeline: 100-ns units (timescale 10,000,000), which AMS URLs and manifests use. Conversions
/// floor, so consecutive converted instants never overlap and converted durations sum exactly.
/// </summary>
public static class Timeline
{
    public const long Timescale = 10_000_000;

    /// <summary>Converts a time in <paramref name="timescale"/> units to 100-ns units, rounding toward minus infinity.</summary>
    public static long ToHns(long time, uint timescale) => Rescale(time, timescale, Timescale);

    /// <summary>Converts 100-ns units to <paramref name="timescale"/> units, rounding toward minus infinity.</summary>
    public static long FromHns(long hns, uint timescale) => Rescale(hns, Timescale, timescale);

    /// <summary><c>floor(value * to / from)</c> without overflow.</summary>
    public static long Rescale(long value, long from, long to)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(from);
        var product = (Int128)value * to;
        var quotient = product / from;
        if (product % from != 0 && product < 0)
        {
            quotient--;
        }

        return (long)quotient;
    }
}
