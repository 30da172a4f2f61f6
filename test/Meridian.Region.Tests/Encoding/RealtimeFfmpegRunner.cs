using System.Diagnostics;
using Meridian.Region.Encoder;

namespace Meridian.Region.Tests.Encoder;

/// <summary>Runs the real ffmpeg, but reading its input at native speed (<c>-re</c>), so a 10 s clip takes 10 s to encode.</summary>
public sealed class RealtimeFfmpegRunner(TimeProvider time) : IFfmpegRunner
{
    private readonly FfmpegRunner _inner = new(time);

    public IReadOnlyCollection<int> Running => _inner.Running;

    /// <summary>Set once ffmpeg (not ffprobe) has started.</summary>
    public TaskCompletionSource EncodeStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ProcessOutcome> RunAsync(string executable, IReadOnlyList<string> arguments, Func<string, bool>? onOutputLine,
        TimeSpan timeout, TimeSpan stallAfter, ProcessPriorityClass priority, CancellationToken cancellationToken)
    {
        if (!executable.Contains("ffmpeg", StringComparison.Ordinal))
        {
            return _inner.RunAsync(executable, arguments, onOutputLine, timeout, stallAfter, priority, cancellationToken);
        }

        var index = arguments.ToList().IndexOf("-i");
        List<string> realtime = [.. arguments.Take(index), "-re", .. arguments.Skip(index)];
        EncodeStarted.TrySetResult();
        return _inner.RunAsync(executable, realtime, onOutputLine, timeout, stallAfter, priority, cancellationToken);
    }
}
