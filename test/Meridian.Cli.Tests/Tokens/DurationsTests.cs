using Meridian.Cli.Tokens;

namespace Meridian.Cli.Tests.Tokens;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("1h", 3600)]
    [InlineData("1.5h", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("2D", 172800)]
    [InlineData(" 1h ", 3600)]
    [InlineData("PT1H30M", 5400)]
    [InlineData("pt45s", 45)]
    [InlineData("P1D", 86400)]
    public void Parses(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("1")]
    [InlineData("1x")]
    [InlineData("0m")]
    [InlineData("-1h")]
    [InlineData("PT0S")]
    [InlineData("PT")]
    [InlineData("P1Y2X")]
    [InlineData("1e400h")]
    public void RefusesWhatIsNotAPositiveDuration(string text) => Assert.Null(Durations.TryParse(text));
}
