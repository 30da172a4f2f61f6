using Meridian.Media.Indexing;

namespace Meridian.Media.Smooth;

/// <summary>
/// Smooth Streaming times ([MS-SSTR] 2.2.2.2: 100-ns units, TimeScale 10,000,000) of a track's samples. Every time is the
/// exact rescale of an absolute track time, and durations are differences of such times, so fragment starts and durations
/// in the client manifest (<c>c t= d=</c>) and in <c>tfxd</c> agree and never drift, whatever the track timescale.
/// </summary>
public static class SmoothTime
{
    public const long Timescale = 10_000_000;

    public static long FromTrack(long ticks, uint timescale) => Ts.Timescale.Rescale(ticks, timescale, Timescale);

    /// <summary>Start of sample <paramref name="index"/> (its decode time), or the track end when it equals the sample count.</summary>
    public static long SampleStart(TrackInfo track, int index)
    {
        ArgumentNullException.ThrowIfNull(track);
        var samples = track.Samples;
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, samples.Count);
        return FromTrack(index == samples.Count ? samples.EndDecodeTime : samples.DecodeTimes[index], track.Timescale);
    }

    /// <summary>Duration of sample <paramref name="index"/>: the converted end minus the converted start.</summary>
    public static long SampleDuration(TrackInfo track, int index)
    {
        ArgumentNullException.ThrowIfNull(track);
        var decode = track.Samples.DecodeTimes[index];
        return FromTrack(decode + track.Samples.Durations[index], track.Timescale) - FromTrack(decode, track.Timescale);
    }

    /// <summary>Duration of samples [first, first + count): the sum of their <see cref="SampleDuration"/>s.</summary>
    public static long FragmentDuration(TrackInfo track, int first, int count)
    {
        long total = 0;
        for (var i = first; i < first + count; i++)
        {
            total += SampleDuration(track, i);
        }

        return total;
    }
}
