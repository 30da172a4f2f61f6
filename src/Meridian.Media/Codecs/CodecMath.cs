namespace Meridian.Media.Codecs;

internal static class CodecMath
{
    /// <summary>Ceil(Log2(value)) for value ≥ 1: the width of the u(v) fields that index one of <paramref name="value"/> items.</summary>
    public static int CeilLog2(long value)
    {
        var bits = 0;
        while (bits < 62 && (1L << bits) < value)
        {
            bits++;
        }

        return bits;
    }
}
