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
}
