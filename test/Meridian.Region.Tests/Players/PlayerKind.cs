namespace Meridian.Region.Tests.Players;

/// <summary>The browser players <see cref="PlayerHarness"/> can drive.</summary>
public enum PlayerKind
{
    /// <summary>hls.js (HLS, TS and fMP4; AES-128; ClearKey through EME).</summary>
    Hls,

    /// <summary>dash.js (DASH; Smooth Streaming with <see cref="PlayerOptions.Mss"/>).</summary>
    Dash,

    /// <summary>Shaka Player (DASH and HLS).</summary>
    Shaka,
}
