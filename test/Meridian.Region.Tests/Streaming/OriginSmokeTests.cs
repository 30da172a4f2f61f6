using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Streaming;

public sealed class OriginSmokeTests
{
    [Fact]
    public async Task Origin_ServesEveryFormatOfAPlainMp4()
    {
        var dir = Directory.CreateTempSubdirectory("meridian-origin-").FullName;
        var source = Path.Combine(dir, "clip.mp4");
        var (code, output) = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine",
            "-t", "6", "-c:v", "libx264", "-g", "50", "-c:a", "aac", source], dir, null, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);

        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, "clip", [source]);
        using var http = new HttpClient();
        foreach (var path in new[]
        {
            "clip.ism/manifest(format=m3u8-cmaf)", "clip.ism/manifest(format=m3u8-aapl)", "clip.ism/manifest(format=mpd-time-csf)",
            "clip.ism/manifest", "clip.mp4",
        })
        {
            using var response = await http.GetAsync(new Uri(baseUrl, path), TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
            Assert.False(string.IsNullOrEmpty(text), path);
        }

        Directory.Delete(dir, true);
    }
}
