namespace Meridian.Region.Tests.Players;

/// <summary>
/// The player harness end to end: real hls.js, dash.js and Shaka in headless Chromium play ffmpeg-packaged HLS and DASH
/// from a loopback origin to the end, and the harness reports failures (missing segment, key without credentials).
/// Playback runs at 4x; every test also checks that every segment was still fetched.
/// </summary>
public sealed class PlayerHarnessTests(PackagedClipFixture clip) : IClassFixture<PackagedClipFixture>
{
    private static readonly PlayerOptions _fast = new()
    {
        PlaybackRate = 4,
        Timeout = TimeSpan.FromSeconds(60),
        ExpectDuration = PackagedClipFixture.DurationSeconds,
    };

    [Fact]
    public async Task HlsJs_plays_hls_fmp4_to_the_end_fetching_every_segment()
    {
        var result = await PlayerHarness.PlayAsync(PlayerKind.Hls, clip.HlsFmp4, _fast);

        AssertPlayedCleanly(result);
        Assert.Equal(3, result.Fragments);
        AssertFetched(result, ["hls-fmp4/index.m3u8", "hls-fmp4/init.mp4", .. clip.Files("hls-fmp4", "*.m4s")]);
    }

    [Fact]
    public async Task HlsJs_plays_hls_ts_to_the_end_fetching_every_segment()
    {
        var result = await PlayerHarness.PlayAsync(PlayerKind.Hls, clip.HlsTs, _fast);

        // ffmpeg's TS starts audio a little after video; hls.js reports the jump over that start gap as a non-fatal
        // bufferSeekOverHole. Anything else is a failure.
        AssertPlayedCleanly(result, allowedNonFatal: "bufferSeekOverHole");
        AssertFetched(result, ["hls-ts/index.m3u8", .. clip.Files("hls-ts", "*.ts")]);
    }

    [Fact]
    public async Task DashJs_plays_dash_to_the_end_fetching_every_segment()
    {
        var result = await PlayerHarness.PlayAsync(PlayerKind.Dash, clip.Dash, _fast);

        AssertPlayedCleanly(result);
        Assert.Null(result.MssLoaded);
        AssertFetched(result, ["dash/manifest.mpd", .. clip.Files("dash", "*.m4s")]);
    }

    [Fact]
    public async Task Shaka_plays_dash_to_the_end_fetching_every_segment()
    {
        var result = await PlayerHarness.PlayAsync(PlayerKind.Shaka, clip.Dash, _fast);

        AssertPlayedCleanly(result);
        AssertFetched(result, ["dash/manifest.mpd", .. clip.Files("dash", "*.m4s")]);
    }

    [Fact]
    public async Task DashJs_with_the_mss_module_loads_it_and_still_plays_dash()
    {
        var result = await PlayerHarness.PlayAsync(PlayerKind.Dash, clip.Dash, _fast with { Mss = true });

        Assert.True(result.MssLoaded, result.ToString());
        AssertPlayedCleanly(result);
    }

    [Fact]
    public async Task A_missing_segment_fails_the_run_and_names_the_404()
    {
        var result = await PlayerHarness.PlayAsync(
            PlayerKind.Hls, clip.HlsMissingSegment, _fast with { StallTimeout = TimeSpan.FromSeconds(4) });

        Assert.False(result.Ok, result.ToString());
        Assert.False(result.Ended, result.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.FailedRequests, r => r.Status == 404 && r.Url.EndsWith("/missing1.m4s", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Source == "hls" && e.Details == "fragLoadError");
    }

    [Fact]
    public async Task HlsJs_sends_key_headers_only_on_the_aes128_key_request()
    {
        var before = clip.Server.Requests.Count;
        var result = await PlayerHarness.PlayAsync(
            PlayerKind.Hls,
            clip.HlsAes,
            _fast with { KeyHeaders = new Dictionary<string, string> { ["Authorization"] = PackagedClipFixture.KeyAuthorization } });

        AssertPlayedCleanly(result, allowedNonFatal: "bufferSeekOverHole");
        AssertFetched(result, ["hls-aes/index.m3u8", "keys/clip.key", .. clip.Files("hls-aes", "*.ts")]);
        var served = clip.Server.Requests.Skip(before).Where(r => r.Method == "GET").ToList();
        Assert.Contains(served, r => r.Path == "/keys/clip.key" && r.Status == 200 && r.Authorization == PackagedClipFixture.KeyAuthorization);
        Assert.All(served.Where(r => !r.Path.StartsWith("/keys/", StringComparison.Ordinal)), r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Shaka_sends_key_headers_on_the_aes128_key_request()
    {
        var result = await PlayerHarness.PlayAsync(
            PlayerKind.Shaka,
            clip.HlsAes,
            _fast with { KeyHeaders = new Dictionary<string, string> { ["Authorization"] = PackagedClipFixture.KeyAuthorization } });

        AssertPlayedCleanly(result);
        AssertFetched(result, ["hls-aes/index.m3u8", "keys/clip.key", .. clip.Files("hls-aes", "*.ts")]);
    }

    [Fact]
    public async Task An_aes128_key_refused_without_credentials_fails_the_run()
    {
        var result = await PlayerHarness.PlayAsync(PlayerKind.Hls, clip.HlsAes, _fast with { StallTimeout = TimeSpan.FromSeconds(4) });

        Assert.False(result.Ok, result.ToString());
        Assert.Contains(result.FailedRequests, r => r.Status == 401 && r.Url.EndsWith("/keys/clip.key", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Source == "hls" && e.Details == "keyLoadError");
    }

    [Fact]
    public void Options_map_to_play_mjs_flags()
    {
        var options = new PlayerOptions
        {
            Timeout = TimeSpan.FromSeconds(30),
            PlaybackRate = 2.5,
            ClearKey = new ClearKey("0123456789abcdef0123456789abcdef", "00112233445566778899aabbccddeeff"),
            LicenseUrl = new Uri("http://127.0.0.1:1/license"),
            KeyHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer x" },
            AllHeaders = new Dictionary<string, string> { ["X-Test"] = "1" },
            ExpectDuration = 6,
            Mss = true,
            Strict = true,
            AllowFailedRequests = true,
        };

        var args = string.Join(' ', PlayerHarness.Arguments(PlayerKind.Dash, new Uri("http://127.0.0.1:2/a.ism/manifest"), options));

        Assert.Equal(
            "play.mjs --player dash --url http://127.0.0.1:2/a.ism/manifest --timeout 30 --stall-timeout 20 --playback-rate 2.5"
            + " --clearkey 0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff --license-url http://127.0.0.1:1/license"
            + " --header Authorization:Bearer x --all-header X-Test:1 --expect-duration 6 --duration-tolerance 0.5 --mss --strict"
            + " --allow-failed-requests",
            args);
    }

    private static void AssertPlayedCleanly(PlayerResult result, string? allowedNonFatal = null)
    {
        Assert.True(result.Ok, result.ToString());
        Assert.True(result.Ended, result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.InRange(result.Duration ?? 0, PackagedClipFixture.DurationSeconds - 0.5, PackagedClipFixture.DurationSeconds + 0.5);
        Assert.Empty(result.FailedRequests);
        Assert.True(
            result.Errors.All(e => !e.Fatal && e.Details == allowedNonFatal && allowedNonFatal is not null),
            "unexpected errors: " + result);
    }

    private void AssertFetched(PlayerResult result, IReadOnlyList<string> paths)
    {
        var fetched = result.Responses.Where(r => r.Status is >= 200 and < 300).Select(r => r.Url).ToHashSet();
        var missing = paths.Select(p => clip.Server.Url(p).AbsoluteUri).Where(u => !fetched.Contains(u)).ToList();
        Assert.True(missing.Count == 0, "not fetched: " + string.Join(", ", missing) + "\n" + result);
    }
}
