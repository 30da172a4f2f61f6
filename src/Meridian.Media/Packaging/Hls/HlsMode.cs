namespace Meridian.Media.Packaging.Hls;

/// <summary>The HLS flavours AMS serves.</summary>
public enum HlsMode
{
    /// <summary><c>m3u8-cmaf</c>: fMP4 segments with <c>EXT-X-MAP</c>, version 7, demuxed audio renditions.</summary>
    Cmaf,

    /// <summary><c>m3u8-aapl</c>: MPEG-TS, version 4, audio as separate renditions (demuxed TS).</summary>
    Ts,

    /// <summary><c>m3u8-aapl-v3</c>: MPEG-TS, version 3, the default audio track muxed into every video segment.</summary>
    TsMuxed,
}
