namespace Meridian.Region.Tests.Players;

/// <summary>How <see cref="PlayerHarness"/> plays a manifest; each maps to a <c>test/players/play.mjs</c> flag.</summary>
public sealed record PlayerOptions
{
    /// <summary>Whole run, browser start included (<c>--timeout</c>). Default 120 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Playback rate, at most 4 (<c>--playback-rate</c>). Default 1. At 4 all three players still fetch every segment
    /// of a short clip on loopback; use it to keep tests fast.
    /// </summary>
    public double PlaybackRate { get; init; } = 1;

    /// <summary>Stop early when the playhead has not moved for this long (<c>--stall-timeout</c>). Default 20 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A ClearKey key given to the player (<c>--clearkey</c>); hls.js gets it from a local licence server.</summary>
    public ClearKey? ClearKey { get; init; }

    /// <summary>A ClearKey licence server (<c>--license-url</c>).</summary>
    public Uri? LicenseUrl { get; init; }

    /// <summary>Headers on key (HLS AES-128 key URI) and licence requests only (<c>--header</c>), e.g. Authorization.</summary>
    public IReadOnlyDictionary<string, string> KeyHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Headers on every player request (<c>--all-header</c>).</summary>
    public IReadOnlyDictionary<string, string> AllHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>The duration the player must report, in seconds (<c>--expect-duration</c>).</summary>
    public double? ExpectDuration { get; init; }

    /// <summary>Allowed difference from <see cref="ExpectDuration"/> in seconds. Default 0.5.</summary>
    public double DurationTolerance { get; init; } = 0.5;

    /// <summary>Load dash.js's Smooth Streaming module (<c>--mss</c>); dash.js only.</summary>
    public bool Mss { get; init; }

    /// <summary>Fail on any error, non-fatal player errors and console errors included (<c>--strict</c>).</summary>
    public bool Strict { get; init; }

    /// <summary>Do not fail on HTTP ≥ 400 or network failures of player requests (<c>--allow-failed-requests</c>).</summary>
    public bool AllowFailedRequests { get; init; }
}
