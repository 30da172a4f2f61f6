using System.Diagnostics;

namespace Meridian.Region.Encoder;

/// <summary>Runs ffmpeg and ffprobe. Cancellation, the time limit and a stall each end the whole process tree.</summary>
public interface IFfmpegRunner
{
    /// <summary>Process ids of the runs in progress (tests check that a cancel leaves none behind).</summary>
    IReadOnlyCollection<int> Running { get; }

    /// <summary>
    /// Runs <paramref name="executable"/>. Each standard-output line goes to <paramref name="onOutputLine"/>, which says whether
    /// the line shows progress (without a callback every line does); a run that shows none for <paramref name="stallAfter"/>
    /// is killed. The process runs at <paramref name="priority"/> (below normal is a higher nice value on Linux; raising it
    /// needs privileges a region does not have). Throws <see cref="OperationCanceledException"/> after killing the
    /// process when <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<ProcessOutcome> RunAsync(string executable, IReadOnlyList<string> arguments, Func<string, bool>? onOutputLine,
        TimeSpan timeout, TimeSpan stallAfter, ProcessPriorityClass priority, CancellationToken cancellationToken);
}
