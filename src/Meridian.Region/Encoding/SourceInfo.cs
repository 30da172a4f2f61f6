namespace Meridian.Region.Encoder;

/// <summary>What ffprobe found in an input: the first video and audio streams.</summary>
public sealed record SourceInfo
{
    public double DurationSeconds { get; init; }

    public bool HasVideo { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public double FrameRate { get; init; }

    /// <summary>Video bits per second, or 0 when unknown.</summary>
    public long VideoBitrate { get; init; }

    public string? VideoCodec { get; init; }

    public bool HasAudio { get; init; }

    public int AudioChannels { get; init; }

    public long AudioBitrate { get; init; }
}
