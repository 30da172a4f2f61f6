using System.Text;
using Meridian.Media.Packaging;
using Meridian.Media.Packaging.Ism;

namespace Meridian.Media.Tests.Packaging;

public sealed class ServerManifestParserTests
{
    [Fact]
    public void Parse_AmsEncoderManifest_ReadsMetaTracksAndParams()
    {
        var manifest = ServerManifestParser.Parse(PackagingAssets.Ism);

        Assert.Equal("ladder.ismc", manifest.Meta["clientManifestRelativePath"]);
        Assert.Equal("mp4-v3", manifest.Meta["formats"]);
        Assert.Equal(5, manifest.Tracks.Count);
        Assert.Equal([TrackKind.Video, TrackKind.Video, TrackKind.Video, TrackKind.Audio, TrackKind.Audio], manifest.Tracks.Select(t => t.Kind));
        var spa = manifest.Tracks[4];
        Assert.Equal("ladder_audio_spa.mp4", spa.Source);
        Assert.Equal("aac_spa_2_96000_1_1", spa.TrackName);
        Assert.Equal(1u, spa.TrackId);
        Assert.Equal(96000, spa.SystemBitrate);
        Assert.Equal("spa", spa.SystemLanguage);
        Assert.Equal("description", spa.Accessibility);
        Assert.Equal("alternate", spa.Role);
        Assert.Equal(900000, manifest.Tracks[0].SystemBitrate);
    }

    [Fact]
    public void Parse_MinimalHandWritten_HasNoParamsAndTextStream()
    {
        const string Xml = """
            <smil><head><meta name="formats" content="mp4"/></head>
            <body><switch><audio src="a.mp4" title="English"/><video src="v.mp4"/><textstream src="subs.mp4" systemLanguage="fra"/></switch></body></smil>
            """;
        var manifest = ServerManifestParser.Parse(Xml);

        Assert.Equal(3, manifest.Tracks.Count);
        Assert.Null(manifest.Tracks[0].TrackId);
        Assert.Null(manifest.Tracks[0].TrackName);
        Assert.Equal("English", manifest.Tracks[0].Title);
        Assert.Equal(TrackKind.Text, manifest.Tracks[2].Kind);
        Assert.Equal("fra", manifest.Tracks[2].SystemLanguage);
    }

    [Fact]
    public void Parse_ParamOverridesAttribute_AndBadNumbersAreNull()
    {
        var manifest = ServerManifestParser.Parse("""
            <smil><body><switch><video src="v.mp4" systemBitrate="1"><param name="systemBitrate" value="2000"/><param name="trackID" value="x"/></video></switch></body></smil>
            """);

        Assert.Equal(2000, manifest.Tracks[0].SystemBitrate);
        Assert.Null(manifest.Tracks[0].TrackId);
    }

    [Theory]
    [InlineData("../other/secret.mp4")]
    [InlineData("..")]
    [InlineData("dir/file.mp4")]
    [InlineData("dir\\file.mp4")]
    [InlineData("/etc/passwd")]
    [InlineData("http://evil/x.mp4")]
    [InlineData("C:file.mp4")]
    [InlineData("a%2F..%2Fb.mp4")]
    [InlineData("file.mp4?x=1")]
    public void Parse_SourceOutsideContainer_Throws(string src)
    {
        var xml = $"<smil><body><switch><video src=\"{System.Security.SecurityElement.Escape(src)}\"/></switch></body></smil>";

        var e = Assert.Throws<MediaFormatException>(() => ServerManifestParser.Parse(xml));
        Assert.Contains("plain file name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EntityExpansionBomb_ThrowsWithoutExpanding()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE smil [<!ENTITY a \"aaaaaaaaaa\">");
        for (var i = 1; i < 10; i++)
        {
            xml.Append($"<!ENTITY {(char)('a' + i)} \"&{(char)('a' + i - 1)};&{(char)('a' + i - 1)};&{(char)('a' + i - 1)};&{(char)('a' + i - 1)};\">");
        }

        xml.Append("]><smil><head><meta name=\"x\" content=\"&j;\"/></head></smil>");

        Assert.Throws<MediaFormatException>(() => ServerManifestParser.Parse(xml.ToString()));
    }

    [Fact]
    public void Parse_ExternalEntity_Throws()
    {
        const string Xml = """<?xml version="1.0"?><!DOCTYPE smil [<!ENTITY x SYSTEM "file:///etc/passwd">]><smil><head><meta name="a" content="&x;"/></head></smil>""";

        Assert.Throws<MediaFormatException>(() => ServerManifestParser.Parse(Xml));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<smil><body><switch><video src=\"a.mp4\"></switch></body></smil>")]
    [InlineData("<html><body/></html>")]
    [InlineData("<smil><body><switch><video/></switch></body></smil>")]
    [InlineData("<smil><body><switch><audio src=\"  \"/></switch></body></smil>")]
    public void Parse_Garbage_ThrowsMediaFormatException(string xml) =>
        Assert.Throws<MediaFormatException>(() => ServerManifestParser.Parse(xml));

    [Fact]
    public void Parse_RandomBytes_ThrowsMediaFormatException()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            Assert.Throws<MediaFormatException>(() => ServerManifestParser.Parse(bytes));
        }
    }

    [Fact]
    public void Parse_TruncatedValidManifest_NeverThrowsOtherExceptions()
    {
        var bytes = Encoding.UTF8.GetBytes(PackagingAssets.Ism);
        for (var length = 0; length < bytes.Length; length += 7)
        {
            try
            {
                ServerManifestParser.Parse(bytes.AsSpan(0, length));
            }
            catch (MediaFormatException)
            {
            }
        }

        Assert.Equal(5, ServerManifestParser.Parse(bytes).Tracks.Count);
    }

    [Fact]
    public void Parse_OverSizeLimit_Throws()
    {
        var xml = "<smil><head><meta name=\"pad\" content=\"" + new string('x', 5000) + "\"/></head></smil>";

        Assert.Throws<MediaFormatException>(() => ServerManifestParser.Parse(xml, maxBytes: 4096));
        Assert.Single(ServerManifestParser.Parse(xml, maxBytes: 8192).Meta);
    }
}
