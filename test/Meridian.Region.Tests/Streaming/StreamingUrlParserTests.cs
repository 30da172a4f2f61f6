using Meridian.Region.Streaming;

namespace Meridian.Region.Tests.Streaming;

public sealed class StreamingUrlParserTests
{
    private const string Locator = "/6a1b2c3d-0000-0000-0000-000000000001/clip.ism/manifest";

    [Theory]
    [InlineData("2", 2.0)]
    [InlineData("2.0000001", 2.0)]
    [InlineData("2.0004", 2.0)]
    [InlineData("2.0006", 2.001)]
    [InlineData("60", 60.0)]
    public void SegmentDuration_IsKeptToTheMillisecond(string text, double expected)
    {
        var request = StreamingUrlParser.Parse($"{Locator}(format=m3u8-cmaf,segment-duration={text})");
        Assert.Equal(expected, request.SegmentDurationSeconds);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("-5")]
    [InlineData("0.5")]
    [InlineData("60.5")]
    [InlineData("1e1")]
    public void SegmentDuration_OutsideOneToSixtySeconds_IsABadUrl(string text)
    {
        var error = Assert.Throws<OriginException>(() => StreamingUrlParser.Parse($"{Locator}(format=m3u8-cmaf,segment-duration={text})"));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("MPE_BAD_URL_SYNTAX", error.Code);
    }
}
