namespace Meridian.Region.Tests.Streaming;

/// <summary>The audio <c>m3u8-aapl-v3</c> muxes into its TS segments, the format for old devices.</summary>
public sealed class OriginMuxedAudioTests
{
    [Fact]
    public async Task MuxedV3_CarriesTheAacTrack_NotAHigherBitrateEac3One()
    {
        // m3u8-aapl-v3 is the format for old devices; it once muxed whichever audio had the highest bitrate.
        var shape = await TestMedia.GetAsync("aac-eac3");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, shape.Name, shape.Paths);
        using var http = new HttpClient();
        var master = await http.GetStringAsync(new Uri(baseUrl, $"{shape.ManifestName}.ism/manifest(format=m3u8-aapl-v3)"), TestContext.Current.CancellationToken);

        var variants = master.Split('\n').Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(variants);
        Assert.All(variants, v => Assert.Contains("mp4a.40.2", v, StringComparison.Ordinal));
        Assert.All(variants, v => Assert.DoesNotContain("ec-3", v, StringComparison.Ordinal));
    }
}
