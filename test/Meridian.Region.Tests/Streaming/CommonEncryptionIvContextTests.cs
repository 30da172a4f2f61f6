using Meridian.Media.Indexing;
using Meridian.Media.Packaging;
using Meridian.Media.Sources;
using Meridian.Region.Streaming;

namespace Meridian.Region.Tests.Streaming;

/// <summary>One content key must never cover two different plaintexts with one CTR keystream, whatever the tracks are called.</summary>
public sealed class CommonEncryptionIvContextTests
{
    private static readonly Guid Locator = Guid.Parse("6a1b2c3d-0000-0000-0000-0000000000c1");

    private static async Task<TrackInfo> VideoAsync(string path)
    {
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        return index.Tracks.First(t => t.IsVideo);
    }

    private static PresentationTrack Track(string file, TrackInfo info) => new()
    {
        Name = "video", Kind = TrackKind.Video, Bitrate = 1_000_000, Language = "und", SourceFile = file, Track = info,
    };

    [Fact]
    public async Task TracksNamedAlike_FromOtherFilesOrOtherEncodes_GetOtherIvs()
    {
        var ladder = await TestMedia.GetAsync("ladder");
        var files = ladder.Paths.Where(p => p.EndsWith(".mp4", StringComparison.Ordinal)).Take(2).ToList();
        var first = await VideoAsync(files[0]);
        var second = await VideoAsync(files[1]);

        var context = CommonEncryptionProtection.IvContext(Locator, Track("a.mp4", first));
        Assert.Equal(context, CommonEncryptionProtection.IvContext(Locator, Track("a.mp4", await VideoAsync(files[0]))));

        // The same name and bitrate: in another file of the asset (a second .ism), or a re-encode written over a.mp4.
        Assert.NotEqual(context, CommonEncryptionProtection.IvContext(Locator, Track("b.mp4", first)));
        Assert.NotEqual(context, CommonEncryptionProtection.IvContext(Locator, Track("a.mp4", second)));
        Assert.NotEqual(context, CommonEncryptionProtection.IvContext(Guid.NewGuid(), Track("a.mp4", first)));
    }
}
