using Meridian.Media.Packaging;
using Meridian.Media.Packaging.Ism;

namespace Meridian.Media.Tests.Packaging;

public sealed class PresentationBuilderTests(PackagingAssets assets)
{
    [Fact]
    public async Task Build_WithIsm_UsesManifestNamesBitratesAndOrder()
    {
        var p = await assets.LadderAsync();

        Assert.Equal(
            ["video@900000", "video@500000", "video@250000", "aac_eng_2_128000_2_1@128000", "aac_spa_2_96000_1_1@96000"],
            p.Tracks.Select(t => $"{t.Name}@{t.Bitrate}"));
        Assert.Equal([640, 480, 320], p.Video.Select(t => t.Width));
        var eng = p.Audio.First();
        Assert.Equal(("ladder_320x180_AACAudio_378.mp4", 2u, "eng", 48000, 2), (eng.SourceFile, eng.TrackId, eng.Language, eng.SampleRate, eng.Channels));
        Assert.Equal("mp4a.40.2", eng.CodecString);
        var spa = p.Audio.Last();
        Assert.Equal(("description", "alternate", 44100), (spa.Accessibility, spa.Role, spa.SampleRate));
        Assert.Equal((25L, 1L), p.Video.First().FrameRate);
        Assert.Equal(3, p.Groups.Count);
        Assert.Equal(3, p.Groups[0].Tracks.Count);
        Assert.Same(p.Tracks[1], p.FindTrack("VIDEO", 500000));
        Assert.Null(p.FindTrack("video", 500001));
    }

    [Fact]
    public async Task Build_WithoutIsm_DiscoversAmsStyleNamesAndDeduplicatesAudio()
    {
        var p = await assets.LadderAsync(withIsm: false);

        Assert.Equal(3, p.Video.Count());
        Assert.All(p.Video, t => Assert.Equal("video", t.Name));
        Assert.True(p.Video.Select(t => t.Bitrate).SequenceEqual(p.Video.Select(t => t.Bitrate).OrderDescending()));
        var audio = p.Audio.ToList();
        Assert.Equal(2, audio.Count);
        var eng = audio.Single(a => a.Language == "eng");
        Assert.Matches(@"^aac_eng_2_\d+_2_1$", eng.Name);
        Assert.Equal($"aac_eng_2_{eng.Bitrate}_2_1", eng.Name);
        Assert.Equal("ladder_320x180_AACAudio_378.mp4", eng.SourceFile);
        Assert.Matches(@"^aac_spa_2_\d+_1_1$", audio.Single(a => a.Language == "spa").Name);
        Assert.InRange(eng.Bitrate, 100_000, 160_000);

        var again = await assets.LadderAsync(withIsm: false);
        Assert.Equal(p.Tracks.Select(t => t.ToString()), again.Tracks.Select(t => t.ToString()));
    }

    [Fact]
    public async Task Build_IsmWithoutTrackIds_TakesEveryTrackOfTheKind()
    {
        var manifest = ServerManifestParser.Parse("""
            <smil><body><switch><video src="ladder_480x270_AACAudio_628.mp4"/><audio src="ladder_480x270_AACAudio_628.mp4"/></switch></body></smil>
            """);

        // The ladder is made by the first test that asks for it; this one may run first.
        await assets.LadderAsync();
        var p = await PresentationBuilder.BuildAsync(PackagingAssets.LadderFiles, assets.LoadAsync, manifest, TestContext.Current.CancellationToken);

        Assert.Equal([TrackKind.Video, TrackKind.Audio], p.Tracks.Select(t => t.Kind));
        Assert.Equal("video", p.Tracks[0].Name);
        Assert.StartsWith("aac_eng_2_", p.Tracks[1].Name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<video src=\"missing.mp4\"/>", "not in the asset")]
    [InlineData("<video src=\"ladder_audio_spa.mp4\"><param name=\"trackID\" value=\"1\"/></video>", "is not video")]
    [InlineData("<audio src=\"ladder_audio_spa.mp4\"><param name=\"trackID\" value=\"7\"/></audio>", "has no track 7")]
    [InlineData("<audio src=\"ladder_audio_spa.mp4\"><param name=\"trackName\" value=\"a,b\"/></audio>", "cannot appear")]
    [InlineData("<audio src=\"ladder_audio_spa.mp4\"><param name=\"trackName\" value=\"a&#10;#EXT-X-KEY\"/></audio>", "cannot appear")]
    public async Task Build_BadIsmReferences_Throw(string element, string message)
    {
        await assets.LadderAsync();
        var manifest = ServerManifestParser.Parse($"<smil><body><switch>{element}</switch></body></smil>");

        var e = await Assert.ThrowsAsync<MediaFormatException>(async () =>
            await PresentationBuilder.BuildAsync(PackagingAssets.LadderFiles, assets.LoadAsync, manifest, TestContext.Current.CancellationToken));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_SidecarTextStream_IsSkippedNotFatal()
    {
        var manifest = ServerManifestParser.Parse("""
            <smil><body><switch><video src="ladder_320x180_AACAudio_378.mp4"/><textstream src="subs_en.vtt" systemLanguage="eng"/></switch></body></smil>
            """);
        await assets.LadderAsync();
        string[] files = [.. PackagingAssets.LadderFiles, "subs_en.vtt"];

        var p = await PresentationBuilder.BuildAsync(files, assets.LoadAsync, manifest, TestContext.Current.CancellationToken);

        Assert.Equal([TrackKind.Video], p.Tracks.Select(t => t.Kind));
    }
}
