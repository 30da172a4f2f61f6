using Meridian.Region.Storage.Endpoint;

namespace Meridian.Region.Tests.Storage;

public sealed class HttpByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-99", 1000, 0, 100)]
    [InlineData("bytes=900-", 1000, 900, 100)]
    [InlineData("bytes=900-5000", 1000, 900, 100)]
    [InlineData("bytes=-10", 1000, 990, 10)]
    [InlineData("bytes=-5000", 1000, 0, 1000)]
    [InlineData("bytes=999-999", 1000, 999, 1)]
    public void TryResolve_SatisfiableRange(string header, long length, long offset, long count)
    {
        Assert.True(HttpByteRange.TryParse(header, out var range));
        Assert.True(range.TryResolve(length, out var o, out var c));
        Assert.Equal((offset, count), (o, c));
    }

    [Theory]
    [InlineData("bytes=1000-", 1000)]
    [InlineData("bytes=0-", 0)]
    [InlineData("bytes=-0", 1000)]
    public void TryResolve_PastTheEnd_IsUnsatisfiable(string header, long length)
    {
        Assert.True(HttpByteRange.TryParse(header, out var range));
        Assert.False(range.TryResolve(length, out _, out _));
    }

    [Theory]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=-")]
    [InlineData("bytes=a-b")]
    [InlineData("items=0-1")]
    [InlineData("bytes=+1-2")]
    public void TryParse_Malformed_ReturnsFalse(string header) => Assert.False(HttpByteRange.TryParse(header, out _));
}
