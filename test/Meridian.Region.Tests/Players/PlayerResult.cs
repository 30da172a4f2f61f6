using System.Text;

namespace Meridian.Region.Tests.Players;

/// <summary>
/// What <c>test/players/play.mjs</c> reported for one playback. <see cref="Ok"/> means the video ended with no fatal
/// error, no failed request and, when asked, the expected duration. <see cref="ToString"/> gives a readable summary
/// plus the raw output, for assertion messages.
/// </summary>
public sealed record PlayerResult
{
    public bool Ok { get; init; }

    public string? Player { get; init; }

    public string? PlayerVersion { get; init; }

    public string? Browser { get; init; }

    public bool Ended { get; init; }

    /// <summary><c>event</c> (the media element's ended event) or <c>near-end</c> (stopped within 0.5 s of the end).</summary>
    public string? EndedBy { get; init; }

    /// <summary>The media element's duration in seconds (from MSE), or null when never known.</summary>
    public double? Duration { get; init; }

    /// <summary>The duration from the player's own model (HLS playlist total, MPD duration, Shaka seek range end).</summary>
    public double? PlayerDuration { get; init; }

    public double? CurrentTime { get; init; }

    /// <summary>The media element's buffered ranges (start, end in seconds) when the run stopped.</summary>
    public IReadOnlyList<double[]> Buffered { get; init; } = [];

    /// <summary>A fatal player error, or a harness verdict (stalled, timeout, duration mismatch).</summary>
    public bool Fatal { get; init; }

    public IReadOnlyList<PlayerError> Errors { get; init; } = [];

    /// <summary>Player requests answered with HTTP ≥ 400 or failed below HTTP (aborted requests are not listed).</summary>
    public IReadOnlyList<PlayerRequest> FailedRequests { get; init; } = [];

    /// <summary>Every player request that got a response, in order (the page's own scripts excluded).</summary>
    public IReadOnlyList<PlayerRequest> Responses { get; init; } = [];

    /// <summary>Number of <see cref="Responses"/>.</summary>
    public int Requests { get; init; }

    /// <summary>Segments the player reported loaded (hls.js FRAG_LOADED, dash.js media segments, Shaka SEGMENT responses).</summary>
    public int Fragments { get; init; }

    /// <summary>With <see cref="PlayerOptions.Mss"/>: whether dash.js's MssHandler was present on the page.</summary>
    public bool? MssLoaded { get; init; }

    public long ElapsedMs { get; init; }

    /// <summary>Set by play.mjs when a prerequisite was missing (exit code 2).</summary>
    public string? SetupError { get; init; }

    /// <summary>Set by play.mjs when it was called wrongly (exit code 2).</summary>
    public string? UsageError { get; init; }

    public int ExitCode { get; init; }

    /// <summary>Everything play.mjs printed (stdout and stderr).</summary>
    public string RawOutput { get; init; } = "";

    /// <summary>Errors from the player itself (not console or harness), fatal or not.</summary>
    public IEnumerable<PlayerError> PlayerErrors => Errors.Where(e => e.Source is "hls" or "dash" or "shaka" or "video" or "page");

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append($"{Player} {PlayerVersion}: ok={Ok} ended={Ended} ({EndedBy}) duration={Duration} currentTime={CurrentTime} ");
        text.Append($"fatal={Fatal} requests={Requests} fragments={Fragments} elapsed={ElapsedMs} ms exit={ExitCode}");
        foreach (var error in Errors)
        {
            text.Append($"\n  error {error.Source} fatal={error.Fatal} {error.Type} {error.Details} {error.Message} {error.Url}");
        }

        foreach (var request in FailedRequests)
        {
            text.Append($"\n  failed {request.Method} {request.Url} -> {request.Status} {request.Error}");
        }

        text.Append("\nraw output:\n").Append(RawOutput);
        return text.ToString();
    }
}
