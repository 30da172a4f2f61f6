namespace Meridian.Region.Streaming;

/// <summary>The <c>format=</c> argument of an AMS streaming URL.</summary>
public enum StreamingFormat
{
    /// <summary>No format: Smooth Streaming 2.2 (with <c>r</c> repeat tags).</summary>
    Smooth,

    /// <summary><c>fmp4-v20</c>: Smooth Streaming 2.0, no repeat tags.</summary>
    SmoothV20,

    /// <summary><c>m3u8-aapl</c>: HLS v4, MPEG-TS segments, audio as its own rendition.</summary>
    HlsTs,

    /// <summary><c>m3u8-aapl-v3</c>: HLS v3, MPEG-TS segments with audio muxed into the video.</summary>
    HlsTsV3,

    /// <summary><c>m3u8-cmaf</c>: HLS v7 with CMAF (fMP4) segments.</summary>
    HlsCmaf,

    /// <summary><c>mpd-time-csf</c>: MPEG-DASH, SegmentTimeline with <c>$Time$</c>.</summary>
    DashCsf,

    /// <summary><c>mpd-time-cmaf</c>: MPEG-DASH with CMAF segments.</summary>
    DashCmaf,
}
