using Meridian.Region.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.Streaming;

/// <summary>Origin settings from configuration: what a key names is used, the rest keep their defaults, bad values are refused by name.</summary>
public sealed class OriginOptionsTests
{
    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>($"{OriginOptions.ConfigurationSection}:{v.Key}", v.Value)))
            .Build()
            .GetSection(OriginOptions.ConfigurationSection);

    [Fact]
    public void Bind_SetsWhatTheSectionNames_AndKeepsTheOtherDefaults()
    {
        var options = OriginOptions.Bind(Section(("SegmentPlanCacheBytes", "1048576"), ("DefaultSegmentDuration", "00:00:04"), ("SegmentETagCacheEntries", "0")));

        Assert.Equal(1048576, options.SegmentPlanCacheBytes);
        Assert.Equal(TimeSpan.FromSeconds(4), options.DefaultSegmentDuration);
        Assert.Equal(0, options.SegmentETagCacheEntries);
        var defaults = new OriginOptions();
        Assert.Equal(defaults.IndexCacheBytes, options.IndexCacheBytes);
        Assert.Equal(defaults.PresentationCacheEntries, options.PresentationCacheEntries);
        Assert.Equal(defaults.SegmentPlanCacheBytes, OriginOptions.Bind(Section()).SegmentPlanCacheBytes);
        Assert.Null(options.KeyDeliveryBaseUrl);
        Assert.Equal(new Uri("https://keys.example.com/kd/"),
            OriginOptions.Bind(Section(("KeyDeliveryBaseUrl", "https://keys.example.com/kd/"))).KeyDeliveryBaseFor(new Uri("http://127.0.1.1:7082/")));
    }

    [Theory]
    [InlineData("SegmentPlanCacheBytes", "-1", "Meridian:Origin:SegmentPlanCacheBytes must be 0 or more")]
    [InlineData("SegmentETagCacheEntries", "-5", "Meridian:Origin:SegmentETagCacheEntries must be 0 or more")]
    [InlineData("IndexCacheBytes", "-1", "Meridian:Origin:IndexCacheBytes must be 0 or more")]
    [InlineData("PresentationCacheEntries", "0", "Meridian:Origin:PresentationCacheEntries must be 1 or more")]
    [InlineData("DefaultSegmentDuration", "00:00:00.5", "Meridian:Origin:DefaultSegmentDuration must be from 00:00:01 to 00:01:00")]
    [InlineData("DefaultSegmentDuration", "00:02:00", "Meridian:Origin:DefaultSegmentDuration must be from 00:00:01 to 00:01:00")]
    [InlineData("SegmentPlanCacheBytes", "lots", "Meridian:Origin:SegmentPlanCacheBytes")]
    [InlineData("KeyDeliveryBaseUrl", "keys.example.com", "Meridian:Origin:KeyDeliveryBaseUrl must be an absolute http or https URL")]
    [InlineData("KeyDeliveryBaseUrl", "ftp://keys.example.com/", "Meridian:Origin:KeyDeliveryBaseUrl must be an absolute http or https URL")]
    [InlineData("KeyDeliveryBaseUrl", "https://keys.example.com/kd", "Meridian:Origin:KeyDeliveryBaseUrl must be an absolute http or https URL whose path ends with '/'")]
    [InlineData("KeyDeliveryBaseUrl", "https://keys.example.com/?x=1", "Meridian:Origin:KeyDeliveryBaseUrl")]
    [InlineData("SegmentPlanCacheByte", "1", "Meridian:Origin has no setting 'SegmentPlanCacheByte'; it has DefaultSegmentDuration,")]
    public void Bind_RefusesABadValue_NamingTheSetting(string key, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => OriginOptions.Bind(Section((key, value))));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegion_ReadsAppSettingsInItsDataDirectory()
    {
        // No segment ETags remembered: the setting reaches the origin, not just the options object.
        var dir = Path.Combine(Path.GetTempPath(), "meridian-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "appsettings.json"),
            """{ "Meridian": { "Origin": { "SegmentETagCacheEntries": 0, "SegmentPlanCacheBytes": 0 } } }""", TestContext.Current.CancellationToken);
        try
        {
            var shape = await TestMedia.GetAsync("bframes");
            await using (var region = await StreamingTestSetup.StartRegionAsync(dataDirectory: dir))
            {
                var options = region.Server.Services.GetRequiredService<OriginOptions>();
                Assert.Equal(0, options.SegmentETagCacheEntries);
                Assert.Equal(0, options.SegmentPlanCacheBytes);
                Assert.Equal(new OriginOptions().IndexCacheBytes, options.IndexCacheBytes);

                var baseUrl = await StreamingTestSetup.PublishAsync(region, "bframes", shape.Paths);
                using var http = new HttpClient();
                var manifest = new Uri(baseUrl, "bframes.ism/manifest(format=mpd-time-csf)");
                var urls = (await ManifestSegments.DashAsync(http, manifest, TestContext.Current.CancellationToken))
                    .SelectMany(g => g.Alternatives.SelectMany(a => a.Take(1))).ToList();
                foreach (var url in urls)
                {
                    Assert.Equal(await http.GetByteArrayAsync(url, TestContext.Current.CancellationToken),
                        await http.GetByteArrayAsync(url, TestContext.Current.CancellationToken));
                }

                Assert.Equal(0, region.Server.Services.GetRequiredService<AssetPresentations>().SegmentETags.Count);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
