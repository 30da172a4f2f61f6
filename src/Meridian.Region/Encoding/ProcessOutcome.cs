namespace Meridian.Region.Encoder;

/// <summary>How an ffmpeg or ffprobe run ended. <see cref="Stalled"/>: killed for printing no progress; <see cref="TimedOut"/>: killed at the time limit.</summary>
public sealed record ProcessOutcome(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, bool Stalled);
