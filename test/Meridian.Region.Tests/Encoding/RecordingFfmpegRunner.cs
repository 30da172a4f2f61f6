using System.Collections.Concurrent;
using System.Diagnostics;
using Meridian.Region.Encoder;

namespace Meridian.Region.Tests.Encoder;

/// <summary>
/// The real runner, recording every ffmpeg run (arguments and priority); with <paramref name="script"/>, each ffmpeg run is
/// that shell script instead (ffprobe still runs for real).
/// </summary>
public sealed class RecordingFfmpegRunner(TimeProvider time, string? script = null) : IFfmpegRunner
{
    private readonly FfmpegRunner _inner = new(time);

    public IReadOnlyCollection<int> Running => _inner.Running;

    public ConcurrentQueue<(IReadOnlyList<string> Arguments, ProcessPriorityClass Priority)> Encodes { get; } = new();

    public Task<ProcessOutcome> RunAsync(string executable, IReadOnlyList<string> arguments, Func<string, bool>? onOutputLine,
        TimeSpan timeout, TimeSpan stallAfter, ProcessPriorityClass priority, CancellationToken cancellationToken)
    {
        if (!executable.Contains("ffmpeg", StringComparison.Ordinal))
        {
            return _inner.RunAsync(executable, arguments, onOutputLine, timeout, stallAfter, priority, cancellationToken);
        }

        Encodes.Enqueue((arguments, priority));
        return script is null
            ? _inner.RunAsync(executable, arguments, onOutputLine, timeout, stallAfter, priority, cancellationToken)
            : _inner.RunAsync("sh", ["-c", script], onOutputLine, timeout, stallAfter, priority, cancellationToken);
    }
}
