using System.Globalization;

namespace Meridian.Region.Encoder;

/// <summary>
/// Where one run of a job spent its time (input, probe, encode, commit, state writes), summed per phase, for the log line
/// at its end. Phases may be timed from several threads (progress writes run beside the encoder).
/// </summary>
public sealed class JobPhaseTimes(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly List<(string Phase, TimeSpan Duration, int Count)> _phases = [];

    /// <summary>A timestamp to pass to <see cref="Stop"/>.</summary>
    public long Start() => time.GetTimestamp();

    /// <summary>Adds the time since <paramref name="started"/> to <paramref name="phase"/>; returns it.</summary>
    public TimeSpan Stop(string phase, long started)
    {
        var elapsed = time.GetElapsedTime(started);
        lock (_phases)
        {
            var index = _phases.FindIndex(p => p.Phase == phase);
            if (index < 0)
            {
                _phases.Add((phase, elapsed, 1));
            }
            else
            {
                _phases[index] = (phase, _phases[index].Duration + elapsed, _phases[index].Count + 1);
            }
        }

        return elapsed;
    }

    /// <summary>Time since this run of the job was picked up.</summary>
    public TimeSpan Total => time.GetElapsedTime(_started);

    /// <summary>The summed time of one phase (zero if it did not run).</summary>
    public TimeSpan Of(string phase)
    {
        lock (_phases)
        {
            return _phases.FirstOrDefault(p => p.Phase == phase).Duration;
        }
    }

    /// <summary><c>phase 123 ms</c> per phase in first-seen order, with a count where a phase ran more than once.</summary>
    public string Summary()
    {
        lock (_phases)
        {
            return string.Join(", ", _phases.Select(p => p.Count > 1
                ? string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Duration.TotalMilliseconds:F0} ms ({p.Count}x)")
                : string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Duration.TotalMilliseconds:F0} ms")));
        }
    }
}
