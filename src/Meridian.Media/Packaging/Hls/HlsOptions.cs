namespace Meridian.Media.Packaging.Hls;

/// <summary>Per-request HLS choices.</summary>
public sealed record HlsOptions
{
    public HlsMode Mode { get; init; } = HlsMode.Cmaf;

    /// <summary>List an audio-only variant (AMS default; <c>audio-only=false</c> turns it off). Ignored for <see cref="HlsMode.TsMuxed"/>.</summary>
    public bool AudioOnlyVariant { get; init; } = true;

    /// <summary>List <c>EXT-X-I-FRAME-STREAM-INF</c> playlists (not in version 3).</summary>
    public bool IFramePlaylists { get; init; } = true;

    public int Version => Mode switch
    {
        HlsMode.Cmaf => 7,
        HlsMode.Ts => 4,
        _ => 3,
    };
}
