using System.Globalization;
using System.Text.RegularExpressions;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// HLS BANDWIDTH is at least the peak bit rate of the segments actually sent (RFC 8216 §4.3.4.2), in every container:
/// it was once the sample payload's, 13-25 % under what MPEG-TS sends.
/// </summary>
public sealed partial class OriginBandwidthTests
{
    [Theory]
    [InlineData("m3u8-aapl")]
    [InlineData("m3u8-aapl-v3")]
    [InlineData("m3u8-cmaf")]
    public async Task Bandwidth_IsAtLeastThePeakOfTheSegmentsSent(string format)
    {
        var shape = await TestMedia.GetAsync("bframes");
        await using var region = await StreamingTestSetup.StartRegionAsync();
        var baseUrl = await StreamingTestSetup.PublishAsync(region, shape.Name, shape.Paths);
        using var http = new HttpClient();
        var ct = TestContext.Current.CancellationToken;
        var master = new Uri(baseUrl, $"{shape.ManifestName}.ism/manifest(format={format})");
        var lines = (await http.GetStringAsync(master, ct)).Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal));
        var declared = long.Parse(Bandwidth().Match(lines[index]).Groups[1].Value, CultureInfo.InvariantCulture);

        var measured = await PeakAsync(http, new Uri(master, lines[index + 1]), ct);
        if (AudioUri().Match(string.Join('\n', lines)) is { Success: true } audio)
        {
            measured += await PeakAsync(http, new Uri(master, audio.Groups[1].Value), ct);
        }

        Assert.True(declared >= measured, $"{format}: BANDWIDTH={declared}, the segments peak at {measured} bit/s");
        Assert.True(declared < measured * 1.5, $"{format}: BANDWIDTH={declared} is far above the segments' peak of {measured} bit/s");
    }

    private static async Task<long> PeakAsync(HttpClient http, Uri playlist, CancellationToken ct)
    {
        var lines = (await http.GetStringAsync(playlist, ct)).Split('\n');
        long peak = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var seconds = double.Parse(lines[i]["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture);
                var bytes = (await http.GetByteArrayAsync(new Uri(playlist, lines[i + 1]), ct)).Length;
                peak = Math.Max(peak, (long)Math.Ceiling(bytes * 8 / seconds));
            }
        }

        return peak;
    }

    [GeneratedRegex("BANDWIDTH=([0-9]+)")]
    private static partial Regex Bandwidth();

    [GeneratedRegex("#EXT-X-MEDIA:TYPE=AUDIO[^\\n]*DEFAULT=YES[^\\n]*URI=\"([^\"]+)\"")]
    private static partial Regex AudioUri();
}
