using System.Globalization;
using Meridian.Region.Tests.Players;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// Acceptance of the dynamic-packaging origin by real players in headless Chromium (issue #3): hls.js plays HLS CMAF,
/// HLS TS (v4, demuxed audio) and HLS v3 (muxed TS); dash.js and Shaka play DASH; dash.js with its MSS module plays
/// Smooth. Every run must end with no error of any kind, report the source duration within a frame or two, buffer one
/// contiguous range from 0 (an audio/video offset or a gap between segments would split it), and fetch every
/// segment the manifest announces with 200 (for a ladder: at every position, one of the renditions).
/// </summary>
public sealed class OriginPlayerTests(OriginMediaFixture media) : IClassFixture<OriginMediaFixture>
{
    // Two 25 fps frames, or about four AAC frames.
    private const double FrameTolerance = 0.08;

    // hls.js aligns remuxed TS on the first video DTS, not PTS (video-dev/hls.js#2468), so everything it buffers from TS
    // starts later by the first frame's reorder delay: 2 frames for x264's B-pyramid at 25 fps. Safari and the CMAF
    // formats start at 0. The start gap makes hls.js report a non-fatal bufferSeekOverHole from 0 and, sometimes, a
    // bufferAppendNoProgress for the first fragment.
    private const double HlsJsTsDelay = 0.08;

    private static readonly PlayerOptions _fast = new()
    {
        PlaybackRate = 4,
        Timeout = TimeSpan.FromSeconds(90),
        ExpectDuration = OriginMediaFixture.DurationSeconds,
        DurationTolerance = FrameTolerance,
    };

    [Fact]
    public Task HlsJs_plays_hls_cmaf_to_the_end() =>
        PlayAsync(PlayerKind.Hls, media.ClipManifest("format=m3u8-cmaf"), Protocol.Hls);

    [Fact]
    public Task HlsJs_plays_hls_ts_v4_with_demuxed_audio_to_the_end() =>
        PlayAsync(PlayerKind.Hls, media.ClipManifest("format=m3u8-aapl"), Protocol.HlsTs);

    [Fact]
    public Task HlsJs_plays_hls_v3_muxed_ts_to_the_end() =>
        PlayAsync(PlayerKind.Hls, media.ClipManifest("format=m3u8-aapl-v3"), Protocol.HlsTs);

    [Fact]
    public Task HlsJs_plays_the_ladder_as_hls_cmaf_to_the_end() =>
        PlayAsync(PlayerKind.Hls, media.LadderManifest("format=m3u8-cmaf"), Protocol.Hls);

    [Fact]
    public Task HlsJs_plays_the_ladder_as_hls_ts_to_the_end() =>
        PlayAsync(PlayerKind.Hls, media.LadderManifest("format=m3u8-aapl"), Protocol.HlsTs);

    [Fact]
    public Task DashJs_plays_dash_csf_to_the_end() =>
        PlayAsync(PlayerKind.Dash, media.ClipManifest("format=mpd-time-csf"), Protocol.Dash);

    [Fact]
    public Task Shaka_plays_dash_csf_to_the_end() =>
        PlayAsync(PlayerKind.Shaka, media.ClipManifest("format=mpd-time-csf"), Protocol.Dash);

    [Fact]
    public Task DashJs_plays_the_ladder_as_dash_csf_to_the_end() =>
        PlayAsync(PlayerKind.Dash, media.LadderManifest("format=mpd-time-csf"), Protocol.Dash);

    [Fact]
    public Task Shaka_plays_the_ladder_as_dash_cmaf_to_the_end() =>
        PlayAsync(PlayerKind.Shaka, media.LadderManifest("format=mpd-time-cmaf"), Protocol.Dash);

    [Fact]
    public Task DashJs_with_mss_plays_smooth_to_the_end() =>
        PlayAsync(PlayerKind.Dash, media.ClipManifest(), Protocol.Smooth, _fast with { Mss = true });

    [Fact]
    public Task DashJs_with_mss_plays_the_ladder_as_smooth_to_the_end() =>
        PlayAsync(PlayerKind.Dash, media.LadderManifest(), Protocol.Smooth, _fast with { Mss = true });

    /// <summary>
    /// Players never fetch I-frame playlists or the audio-only variant: check every URL in them directly, also with
    /// 6 s segments holding three 2 s GOPs, where most key frames are not at a segment start.
    /// </summary>
    [Theory]
    [InlineData("m3u8-cmaf")]
    [InlineData("m3u8-aapl")]
    [InlineData("m3u8-aapl-v3")]
    [InlineData("m3u8-cmaf,segment-duration=6")]
    [InlineData("m3u8-aapl,segment-duration=6")]
    public async Task Every_hls_playlist_line_including_iframes_answers_200(string format)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var master = media.LadderManifest("format=" + format);
        var text = await http.GetStringAsync(master, ct);
        var playlists = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => line.StartsWith('#')
                ? System.Text.RegularExpressions.Regex.Matches(line, "URI=\"([^\"]+)\"").Select(m => m.Groups[1].Value)
                : [line])
            .Distinct()
            .Select(u => new Uri(master, u))
            .ToList();
        Assert.NotEmpty(playlists);
        if (!format.StartsWith("m3u8-aapl-v3", StringComparison.Ordinal))
        {
            Assert.Contains("#EXT-X-I-FRAME-STREAM-INF:", text, StringComparison.Ordinal);
        }

        foreach (var playlist in playlists)
        {
            var (segments, init) = await ManifestSegments.HlsMediaAsync(http, playlist, ct);
            Assert.NotEmpty(segments);
            foreach (var url in init is null ? segments : [init, .. segments])
            {
                using var response = await http.GetAsync(url, ct);
                Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{url} (in {playlist}): {(int)response.StatusCode}");
                Assert.True((await response.Content.ReadAsByteArrayAsync(ct)).Length > 0, url.ToString());
            }
        }
    }

    private async Task PlayAsync(PlayerKind player, Uri manifest, Protocol protocol, PlayerOptions? options = null)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var groups = protocol switch
        {
            Protocol.Hls or Protocol.HlsTs => await ManifestSegments.HlsAsync(http, manifest, ct),
            Protocol.Dash => await ManifestSegments.DashAsync(http, manifest, ct),
            _ => await ManifestSegments.SmoothAsync(http, manifest, ct),
        };
        Assert.Contains(groups, g => g.SegmentCount > 0);

        var delay = protocol == Protocol.HlsTs ? HlsJsTsDelay : 0;
        options ??= _fast with { ExpectDuration = OriginMediaFixture.DurationSeconds + delay };
        var result = await PlayerHarness.PlayAsync(player, manifest, options);

        Assert.True(result.Ok, result.ToString());
        Assert.True(result.Ended, result.ToString());
        Assert.Empty(result.FailedRequests);
        var unexpected = result.Errors.Where(e => delay == 0 || e.Fatal || !IsHlsJsTsStartGap(e)).ToList();
        Assert.True(unexpected.Count == 0, "errors during playback: " + result);
        var expected = OriginMediaFixture.DurationSeconds + delay;
        Assert.InRange(result.Duration ?? 0, expected - FrameTolerance, expected + FrameTolerance);
        Assert.True(
            result.Buffered.Count == 1 && Math.Abs(result.Buffered[0][0] - delay) < 0.03
                && result.Buffered[0][1] >= expected - FrameTolerance,
            "buffered " + string.Join(' ', result.Buffered.Select(r => string.Create(CultureInfo.InvariantCulture, $"[{r[0]}, {r[1]}]"))) + "\n" + result);
        AssertFetchedEverySegment(result, manifest, groups);
    }

    private static bool IsHlsJsTsStartGap(PlayerError error) =>
        error.Source == "hls"
        && ((error.Details == "bufferSeekOverHole" && error.Message?.StartsWith("fragment loaded with buffer holes, seeking from 0 ", StringComparison.Ordinal) == true)
            || (error.Details == "bufferAppendNoProgress" && error.Url?.Contains("=0,format=", StringComparison.Ordinal) == true));

    private static void AssertFetchedEverySegment(PlayerResult result, Uri manifest, IReadOnlyList<SegmentGroup> groups)
    {
        var fetched = result.Responses.Where(r => r.Status == 200).Select(r => new Uri(r.Url).AbsoluteUri).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(manifest.AbsoluteUri, fetched);
        var missing = new List<string>();
        foreach (var group in groups)
        {
            for (var i = 0; i < group.SegmentCount; i++)
            {
                var candidates = group.Alternatives.Where(a => i < a.Count).Select(a => a[i].AbsoluteUri).ToList();
                if (!candidates.Exists(fetched.Contains))
                {
                    missing.Add($"{group.Name} #{i}: {candidates[0]}");
                }
            }

            if (group.Inits.Count > 0 && !group.Inits.Any(u => fetched.Contains(u.AbsoluteUri)))
            {
                missing.Add($"{group.Name} init: {group.Inits[0]}");
            }
        }

        Assert.True(missing.Count == 0, "not fetched with 200:\n  " + string.Join("\n  ", missing) + "\n" + result);
    }

    private enum Protocol
    {
        Hls,
        HlsTs,
        Dash,
        Smooth,
    }
}
