using System.Text;

namespace Meridian.Region.Tests.Streaming;

/// <summary>The HLS I-frame playlists of every format: every key frame they name is served, including key frames inside a segment.</summary>
public sealed class OriginKeyFrameTests
{
    [Theory]
    [InlineData("m3u8-cmaf")]
    [InlineData("m3u8-aapl")]
    public async Task IFramePlaylist_ServesKeyFramesThatDoNotStartASegment(string format)
    {
        // scenecuts has key frames at 0, 1.32 and 2.4 s; with 2 s segments the one at 1.32 s is inside the first segment.
        var shape = await TestMedia.GetAsync("scenecuts");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, shape.Name, shape.Paths);
        using var http = new HttpClient();
        var ct = TestContext.Current.CancellationToken;
        var master = new Uri(baseUrl, $"{shape.ManifestName}.ism/manifest(format={format})");
        var masterText = await http.GetStringAsync(master, ct);
        var uri = masterText.Split('\n').Where(l => l.StartsWith("#EXT-X-I-FRAME-STREAM-INF", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("URI=\"", StringComparison.Ordinal) + 5)..].TrimEnd('"')).Single();
        var playlist = new Uri(master, uri);
        var frames = (await http.GetStringAsync(playlist, ct)).Split('\n').Where(l => l.StartsWith("Fragments(", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, frames.Count);
        foreach (var frame in frames)
        {
            using var response = await http.GetAsync(new Uri(playlist, frame), ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            Assert.True(response.IsSuccessStatusCode, $"{frame}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
            Assert.NotEmpty(body);
        }
    }

    [Theory]
    [InlineData("m3u8-cmaf")]
    [InlineData("m3u8-aapl")]
    public async Task AudioTrack_HasNoIFramePlaylist(string format)
    {
        // Once served: one entry per AAC frame, the primed first two at one URL with two IVs.
        var shape = await TestMedia.GetAsync("bframes");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, shape.Name, shape.Paths);
        using var http = new HttpClient();
        var master = new Uri(baseUrl, $"{shape.ManifestName}.ism/manifest(format={format})");
        var audio = (await http.GetStringAsync(master, TestContext.Current.CancellationToken)).Split('\n')
            .Single(l => l.StartsWith("#EXT-X-MEDIA:TYPE=AUDIO", StringComparison.Ordinal));
        var playlist = audio[(audio.IndexOf("URI=\"", StringComparison.Ordinal) + 5)..].TrimEnd('"');
        var fragment = playlist.Replace("/Manifest(", "/Fragments(", StringComparison.Ordinal).Replace(",format=", "=0,format=", StringComparison.Ordinal);

        await OriginAssert.OkAsync(new Uri(master, playlist));
        await OriginAssert.ErrorAsync(new Uri(master, playlist[..^1] + ",type=keyframes)"), 404, "MPE_EGRESS_TRACK_NOT_FOUND");
        await OriginAssert.ErrorAsync(new Uri(master, fragment[..^1] + ",type=keyframes)"), 404, "MPE_EGRESS_TRACK_NOT_FOUND");
    }
}
