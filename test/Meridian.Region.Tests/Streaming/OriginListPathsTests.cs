namespace Meridian.Region.Tests.Streaming;

/// <summary><c>listPaths</c> names only what this origin serves: every streaming and download path of every asset shape answers 200.</summary>
public sealed class OriginListPathsTests
{
    public static TheoryData<string> Shapes() => [.. TestMedia.Shapes];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task EveryListedPath_IsServed(string shapeName)
    {
        var shape = await TestMedia.GetAsync(shapeName);
        await using var region = await StreamingTestSetup.StartRegionAsync();
        await StreamingTestSetup.PublishAsync(region, shape.Name, shape.Paths);
        var (status, body) = await region.PostAsync($"streamingLocators/{shape.Name}-locator/listPaths");
        Assert.True(status == 200, body?.ToJsonString());

        var streaming = body!["streamingPaths"]!.AsArray().SelectMany(p => p!["paths"]!.AsArray().Select(x => (string)x!)).ToList();
        var downloads = body["downloadPaths"]!.AsArray().Select(x => (string)x!).ToList();
        Assert.Equal(3, body["streamingPaths"]!.AsArray().Count);
        Assert.All(streaming, p => Assert.Contains($"/{shape.ManifestName}.ism/", p, StringComparison.Ordinal));
        Assert.Equal(shape.Files.Where(f => !f.EndsWith(".ism", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            downloads.Select(d => d[(d.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal));

        var host = region.Server.Addresses.Streaming;
        foreach (var path in streaming.Concat(downloads))
        {
            Assert.StartsWith("/", path, StringComparison.Ordinal);
            await OriginAssert.OkAsync(new Uri(host, path));
        }
    }

    [Fact]
    public async Task PlainMp4sWithSidecarFiles_ListServablePaths()
    {
        var separate = await TestMedia.GetAsync("separate");
        var dir = Directory.CreateTempSubdirectory("meridian-listpaths-").FullName;
        try
        {
            // No .ism: the origin packages the MP4s it finds; the encoder's JSON and a caption file are downloads.
            var files = new List<string>();
            foreach (var file in separate.Files.Where(f => f.EndsWith(".mp4", StringComparison.Ordinal)))
            {
                files.Add(Path.Combine(dir, file));
                File.Copy(Path.Combine(separate.Directory, file), files[^1]);
            }

            files.Add(Path.Combine(dir, "separate_manifest.json"));
            await File.WriteAllTextAsync(files[^1], "{}", TestContext.Current.CancellationToken);
            files.Add(Path.Combine(dir, "captions.vtt"));
            await File.WriteAllTextAsync(files[^1], "WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n", TestContext.Current.CancellationToken);

            await using var region = await StreamingTestSetup.StartRegionAsync();
            await StreamingTestSetup.PublishAsync(region, "plain", files);
            var (status, body) = await region.PostAsync("streamingLocators/plain-locator/listPaths");
            Assert.True(status == 200, body?.ToJsonString());
            var streaming = body!["streamingPaths"]!.AsArray().SelectMany(p => p!["paths"]!.AsArray().Select(x => (string)x!)).ToList();
            var downloads = body["downloadPaths"]!.AsArray().Select(x => (string)x!).ToList();
            Assert.Equal(3, streaming.Count);
            Assert.Equal(5, downloads.Count);
            var host = region.Server.Addresses.Streaming;
            foreach (var path in streaming.Concat(downloads))
            {
                await OriginAssert.OkAsync(new Uri(host, path));
            }

            var hls = streaming.Single(p => p.Contains("m3u8", StringComparison.Ordinal));
            using var http = new HttpClient();
            var master = await http.GetStringAsync(new Uri(host, hls), TestContext.Current.CancellationToken);
            Assert.Contains("RESOLUTION=320x180", master, StringComparison.Ordinal);
            Assert.Equal(2, master.Split('\n').Count(l => l.StartsWith("#EXT-X-MEDIA:TYPE=AUDIO", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
