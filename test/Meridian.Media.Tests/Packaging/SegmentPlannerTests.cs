using Meridian.Media.Packaging;

namespace Meridian.Media.Tests.Packaging;

public sealed class SegmentPlannerTests(PackagingAssets assets)
{
    [Fact]
    public async Task Plan_GopAlignedLadder_SharesTwoSecondBoundaries()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync());

        Assert.True(plan.VideoAligned);
        foreach (var video in plan.Presentation.Video)
        {
            Assert.Equal([0L, 20_000_000, 40_000_000], plan[video].Segments.Select(s => s.Start));
            Assert.Equal(60_000_000, plan[video].End);
            Assert.True(plan.SameTimeline(plan.Presentation.Tracks[0], video));
        }

        Assert.Equal(60_000_000, plan.Duration);
    }

    [Fact]
    public async Task Plan_EveryTrack_DurationsSumExactlyAndCutsAreValid()
    {
        foreach (var presentation in new[] { await assets.LadderAsync(), await assets.IrregularAsync() })
        {
            var plan = SegmentPlanner.Plan(presentation);
            foreach (var track in presentation.Tracks)
            {
                var segments = plan[track].Segments;
                var info = track.Track;
                Assert.NotEmpty(segments);
                Assert.Equal(info.Samples.Count, segments.Sum(s => s.SampleCount));
                var firstPts = SegmentPlanner.PresentationTime(info, 0);
                Assert.Equal(info.Duration - Math.Max(0, -firstPts), segments.Sum(s => s.TrackDuration));
                Assert.Equal(plan[track].End - plan[track].Start, segments.Sum(s => s.Duration));
                for (var k = 0; k < segments.Count; k++)
                {
                    Assert.Equal(k, segments[k].Index);
                    Assert.True(info.Samples.IsSync(segments[k].FirstSample), $"{track} segment {k} does not start on a sync sample");
                    Assert.Equal(info.Samples.DecodeTimes[segments[k].FirstSample], segments[k].BaseDecodeTime);
                    if (k > 0)
                    {
                        Assert.Equal(segments[k - 1].End, segments[k].Start);
                        Assert.Equal(segments[k - 1].FirstSample + segments[k - 1].SampleCount, segments[k].FirstSample);
                        Assert.Equal(SegmentPlanner.PresentationTime(info, segments[k].FirstSample), segments[k].TrackStart);
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Plan_AudioCutsAtFirstSampleAtOrAfterEachVideoBoundary()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync());
        var boundaries = plan[plan.Presentation.Tracks[0]].Segments.Skip(1).Select(s => s.Start).ToList();
        foreach (var audio in plan.Presentation.Audio)
        {
            var segments = plan[audio].Segments;
            Assert.Equal(boundaries.Count + 1, segments.Count);
            var info = audio.Track;
            for (var k = 1; k < segments.Count; k++)
            {
                var first = segments[k].FirstSample;
                var boundary = boundaries[k - 1];
                Assert.True((Int128)SegmentPlanner.PresentationTime(info, first) * 10_000_000 >= (Int128)boundary * info.Timescale);
                Assert.True((Int128)SegmentPlanner.PresentationTime(info, first - 1) * 10_000_000 < (Int128)boundary * info.Timescale);
                Assert.InRange(segments[k].Start - boundary, 0, Timeline.ToHns(1024, info.Timescale) + 1);
            }

            Assert.Equal(0, segments[0].Start);
            Assert.True(info.EditMediaTime > 0, "ffmpeg AAC output has priming in an edit list");
        }
    }

    [Fact]
    public async Task Plan_IrregularGops_CutsAtTheSyncSampleNearestTheTarget()
    {
        var presentation = await assets.IrregularAsync();
        var plan = SegmentPlanner.Plan(presentation);
        var video = presentation.Video.Single();
        var info = video.Track;
        var syncTimes = Enumerable.Range(0, info.Samples.Count).Where(info.Samples.IsSync)
            .Select(i => SegmentPlanner.PresentationTime(info, i)).ToList();
        Assert.True(syncTimes.Count >= 4, $"expected scene-cut key frames, got {syncTimes.Count}");
        var segments = plan[video].Segments;
        var target = info.Timescale * 2L;
        var end = SegmentPlanner.PresentationTime(info, 0) + info.Duration;
        for (var k = 0; k < segments.Count; k++)
        {
            var goal = segments[k].TrackStart + target;
            var chosen = k + 1 < segments.Count ? segments[k + 1].TrackStart : end;
            var candidates = syncTimes.Where(t => t > segments[k].TrackStart).Append(end);
            Assert.Equal(candidates.Min(c => Math.Abs(c - goal)), Math.Abs(chosen - goal));
        }

        Assert.Contains(segments, s => s.Duration != 20_000_000);
        var audio = plan[presentation.Audio.Single()].Segments;
        Assert.Equal(segments.Count, audio.Count);
    }

    [Fact]
    public async Task Plan_UnalignedVideo_GetsItsOwnBoundaries()
    {
        var presentation = await assets.LadderAsync(withIsm: false, extraFiles: [PackagingAssets.IrregularFile]);
        var plan = SegmentPlanner.Plan(presentation);

        Assert.False(plan.VideoAligned);
        var irregular = presentation.Video.Single(t => t.SourceFile == PackagingAssets.IrregularFile);
        Assert.False(plan.SameTimeline(presentation.Tracks[0], irregular));
        var ladder = presentation.Video.Where(t => t.SourceFile != PackagingAssets.IrregularFile).ToList();
        Assert.All(ladder, t => Assert.True(plan.SameTimeline(ladder[0], t)));
    }

    [Fact]
    public async Task Plan_AudioOnly_CutsAtTarget()
    {
        var presentation = await assets.LadderAsync();
        var spa = presentation.Audio.Last();
        var audioOnly = new Presentation { Tracks = [spa], Groups = [new TrackGroup { Kind = TrackKind.Audio, Language = "spa", Tracks = [spa] }] };

        var plan = SegmentPlanner.Plan(audioOnly, new SegmentPlanOptions { TargetDuration = TimeSpan.FromSeconds(1.5) });

        var segments = plan[spa].Segments;
        Assert.Equal(4, segments.Count);
        Assert.All(segments.SkipLast(1), s => Assert.InRange(s.Duration, 15_000_000 - 240_000, 15_000_000 + 240_000));
    }

    [Fact]
    public async Task Lookup_ByStartTime_FindsExactStartsOnly()
    {
        var plan = SegmentPlanner.Plan(await assets.LadderAsync());
        var video = plan[plan.Presentation.Tracks[0]];
        var audio = plan[plan.Presentation.Audio.First()];

        Assert.Equal(1, video.FindByStart(20_000_000)?.Index);
        Assert.Null(video.FindByStart(20_000_001));
        Assert.Null(video.FindByStart(-1));
        Assert.Equal(1, video.FindByTrackStart(25600)?.Index);
        Assert.Null(video.FindByTrackStart(25601));
        var second = audio.Segments[1];
        Assert.Equal(second, audio.FindByStart(second.Start));
        Assert.Equal(second, audio.FindByTrackStart(second.TrackStart));
        Assert.Null(audio.FindByStart(20_000_000));
    }

    [Fact]
    public async Task FindBySample_FindsTheSegmentHoldingEveryKeyFrame()
    {
        var presentation = await assets.IrregularAsync();
        var plan = SegmentPlanner.Plan(presentation);
        var video = plan[presentation.Video.Single()];

        foreach (var segment in video.Segments)
        {
            foreach (var frame in video.KeyFrames(segment))
            {
                Assert.Equal(segment, video.FindBySample(frame.Sample));
            }

            Assert.Equal(segment, video.FindBySample(segment.FirstSample + segment.SampleCount - 1));
        }

        Assert.Null(video.FindBySample(-1));
        Assert.Null(video.FindBySample(video.Track.Track.Samples.Count));
    }

    [Fact]
    public async Task KeyFrames_AndSampleRange_DescribeTheSegments()
    {
        var presentation = await assets.IrregularAsync();
        var plan = SegmentPlanner.Plan(presentation);
        var video = plan[presentation.Video.Single()];
        var info = video.Track.Track;
        var all = video.Segments.SelectMany(video.KeyFrames).ToList();

        Assert.Equal(Enumerable.Range(0, info.Samples.Count).Count(info.Samples.IsSync), all.Count);
        Assert.Equal(video.Duration, all.Sum(f => f.Duration));
        Assert.All(all, f => Assert.Equal(info.Samples.Sizes[f.Sample], f.Size));
        Assert.Equal(all[1], video.FindKeyFrame(all[1].Start));
        Assert.Equal(all[1], video.FindKeyFrame(all[1].TrackTime, trackTimescale: true));
        Assert.Null(video.FindKeyFrame(all[1].Start + 1));

        var audio = plan[presentation.Audio.Single()];
        var covered = video.Segments.Select(s => audio.SampleRange(s.Start, s.End)).ToList();
        Assert.Equal(audio.Segments.Select(s => (s.FirstSample, s.SampleCount)), covered);
        var (peak, average) = video.Bitrates(video.Bytes);
        Assert.True(peak >= average);
    }
}
