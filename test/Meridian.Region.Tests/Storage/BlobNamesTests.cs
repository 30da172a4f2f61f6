using Meridian.Region.Storage;

namespace Meridian.Region.Tests.Storage;

public sealed class BlobNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("video.mp4")]
    [InlineData("dir/sub/file.ts")]
    [InlineData(".hidden")]
    [InlineData("..a")]
    [InlineData("a..")]
    [InlineData("...")]
    [InlineData("name with spaces & symbols #%?")]
    [InlineData("%2e%2e")]
    [InlineData("ünïcödé/日本語.mp4")]
    public void IsValidBlobName_AcceptsRelativeNames(string name)
    {
        Assert.Null(BlobNames.BlobNameError(name));
        Assert.True(BlobNames.IsValidBlobName(name));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("..", "'..'")]
    [InlineData(".", "'..'")]
    [InlineData("../x", "'..'")]
    [InlineData("a/../../x", "'..'")]
    [InlineData("a/./x", "'..'")]
    [InlineData("a/..", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("a//b", "empty path segment")]
    [InlineData("a/", "empty path segment")]
    [InlineData("a\\..\\b", "backslash")]
    [InlineData("\\\\server\\share", "backslash")]
    [InlineData("a\0b", "U+0000")]
    [InlineData("a\nb", "U+000A")]
    [InlineData("a\u007fb", "U+007F")]
    [InlineData("a\u0085b", "U+0085")]
    [InlineData("a\uFFFEb", "U+FFFE")]
    public void BlobNameError_RefusesEscapingOrUnsafeNames(string name, string reason)
    {
        var error = BlobNames.BlobNameError(name);

        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var thrown = Assert.Throws<BlobStorageException>(() => BlobNames.RequireBlobName(name));
        Assert.Equal(400, thrown.Status);
        Assert.Equal("InvalidResourceName", thrown.Code);
    }

    [Fact]
    public void BlobNameError_RefusesLoneSurrogate()
    {
        var name = "bad" + (char)0xD800 + "surrogate";

        Assert.Contains("Unicode", BlobNames.BlobNameError(name), StringComparison.Ordinal);
    }

    [Fact]
    public void BlobNameError_EnforcesLengthLimits()
    {
        Assert.Null(BlobNames.BlobNameError(new string('a', 255)));
        Assert.Contains("255 bytes", BlobNames.BlobNameError(new string('a', 256)), StringComparison.Ordinal);

        // 128 two-byte characters are 256 UTF-8 bytes.
        Assert.Contains("255 bytes", BlobNames.BlobNameError(new string('é', 128)), StringComparison.Ordinal);
        Assert.Null(BlobNames.BlobNameError(string.Join('/', Enumerable.Repeat(new string('a', 200), 5)) + "/" + new string('b', 19)));
        Assert.Contains("1024", BlobNames.BlobNameError(string.Join('/', Enumerable.Repeat(new string('a', 200), 5)) + "/" + new string('b', 20)),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("asset-1b648c1a-0000-0000-0000-000000000000", true)]
    [InlineData("ab", false)]
    [InlineData("Abc", false)]
    [InlineData("a--b", false)]
    [InlineData("-abc", false)]
    [InlineData("abc-", false)]
    [InlineData("..", false)]
    [InlineData(".meta", false)]
    [InlineData("a/b", false)]
    [InlineData("a.b", false)]
    public void IsValidContainer_FollowsAzureRules(string name, bool valid) => Assert.Equal(valid, BlobNames.IsValidContainer(name));
}
