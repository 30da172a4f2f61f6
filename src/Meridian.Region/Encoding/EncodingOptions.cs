namespace Meridian.Region.Encoder;

/// <summary>How the region runs encoding jobs.</summary>
public sealed record EncodingOptions
{
    /// <summary>Jobs encoded at the same time. Default 1; 0 runs no workers (jobs stay Queued), for a control-plane-only region.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>The ffmpeg executable. Default <c>ffmpeg</c> (on PATH).</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>The ffprobe executable. Default <c>ffprobe</c> (on PATH).</summary>
    public string FfprobePath { get; init; } = "ffprobe";

    /// <summary>
    /// Where inputs are downloaded and outputs encoded before upload. Default: <c>{DataDirectory}/encoding-tmp</c>. It belongs
    /// to one region: its contents are deleted when the region starts (what a killed run left behind).
    /// </summary>
    public string? TempDirectory { get; init; }

    /// <summary>The temporary directory for a region whose data lives in <paramref name="dataDirectory"/>.</summary>
    public string TempDirectoryFor(string dataDirectory) => TempDirectory ?? Path.Combine(dataDirectory, "encoding-tmp");

    /// <summary>How long an HTTP input download may take. Default 30 minutes.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Whether a <c>JobInputHttp</c> may be fetched from a loopback address (127.0.0.0/8, ::1), i.e. from services on the
    /// region's own machine. Default false; tests and one-machine stacks turn it on. Link-local addresses (169.254.0.0/16,
    /// where clouds serve instance metadata, and fe80::/10), unspecified, broadcast and multicast ones are never fetched,
    /// also not after a redirect.
    /// </summary>
    public bool HttpInputsFromLoopback { get; init; }

    /// <summary>
    /// The ffmpeg demuxers an input may be read with (<c>-format_whitelist</c>). Playlist and manifest formats (HLS, DASH,
    /// concat, image sequences) are left out: they would read other files of the region's machine named inside them.
    /// </summary>
    public string InputFormats { get; init; } =
        "mov,matroska,mpegts,mpeg,avi,asf,flv,mxf,gxf,dv,wav,w64,aiff,mp3,aac,ac3,eac3,flac,ogg,h264,hevc,m4v,yuv4mpegpipe";

    /// <summary>The arguments that go before an input: local files only, read only with <see cref="InputFormats"/>.</summary>
    public IReadOnlyList<string> InputGuard() => ["-protocol_whitelist", "file", "-format_whitelist", InputFormats];

    /// <summary>
    /// How long an HTTP input download may go without a byte before it is given up (a transient error). Default 2
    /// minutes: a server that trickles would otherwise hold a worker for the whole <see cref="DownloadTimeout"/>.
    /// </summary>
    public TimeSpan DownloadIdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The largest HTTP input accepted. Default 50 GiB.</summary>
    public long MaxInputBytes { get; init; } = 50L * 1024 * 1024 * 1024;

    /// <summary>How long one ffmpeg run may take. Default 12 hours.</summary>
    public TimeSpan EncodeTimeout { get; init; } = TimeSpan.FromHours(12);

    /// <summary>An encoder that reports no progress for this long is stuck and is killed. Default 5 minutes.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Least time between two progress writes of an output (each is a database write and a <c>JobOutputProgress</c> event).
    /// Default 1 second. Progress is written on a 5 % step (as AMS) once this has passed.
    /// </summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Progress that moved by less than 5 % is still written after this long, as AMS's 30 s progress heartbeat; the encoder
    /// also logs its position this often. Default 30 seconds.
    /// </summary>
    public TimeSpan ProgressHeartbeat { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often idle workers look at the queue. Default 1 second (new jobs also wake them at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Starts of one job (each region restart during it is one) before it errors. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The x264/x265 speed preset. Default <c>veryfast</c>.</summary>
    public string SpeedPreset { get; init; } = "veryfast";

    /// <summary>Threads per ffmpeg process; 0 lets ffmpeg choose. Default 0.</summary>
    public int Threads { get; init; }
}
