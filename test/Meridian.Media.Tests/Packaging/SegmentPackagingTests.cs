using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Packaging;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Packaging;

/// <summary>The plan drives the existing CMAF writers: every planned segment packages and reparses to the same samples.</summary>
public sealed class SegmentPackagingTests(PackagingAssets assets)
{
    [Fact]
    public async Task EveryPlannedSegment_PackagesWithTheCmafWriter()
    {
        var presentation = await assets.IrregularAsync();
        var plan = SegmentPlanner.Plan(presentation);
        using var source = FileRandomAccessSource.Open(Path.Combine(assets.Directory, PackagingAssets.IrregularFile));
        foreach (var track in presentation.Tracks)
        {
            using var output = new MemoryStream();
            output.Write(Segments.Init(track.Track));
            foreach (var segment in plan[track].Segments)
            {
                output.Write(await Segments.MediaAsync(source, track.Track, segment.FirstSample, segment.SampleCount, (uint)segment.Index + 1));
            }

            var file = await IsoFileReader.ReadAsync(new MemoryRandomAccessSource(output.ToArray()), cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(plan[track].Segments.Count, file.Fragments.Count);
            Assert.Equal(
                plan[track].Segments.Select(s => s.BaseDecodeTime),
                file.Fragments.Select(f => f.TrackFragments.Single().BaseMediaDecodeTime ?? -1));
            var again = MediaIndexReader.Build(file).Tracks.Single();
            Assert.Equal(track.Track.Samples.Count, again.Samples.Count);
            Assert.Equal(track.Track.Duration, again.Duration);
        }
    }
}
