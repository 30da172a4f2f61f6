using BenchmarkDotNet.Attributes;
using Meridian.Benchmarks.Infrastructure;
using Meridian.Media.Packaging;
using Meridian.Media.Packaging.Dash;
using Meridian.Media.Packaging.Hls;
using Meridian.Media.Packaging.Smooth;

namespace Meridian.Benchmarks.Manifests;

/// <summary>
/// Manifest rendering over a planned 3-rendition ladder with one audio track (2 s segments), for a 1-minute clip and a
/// 2-hour feature (3,600 segments per track). The origin caches the plan per asset, so the writers are measured alone;
/// <see cref="Plan"/> is the cost of a plan-cache miss.
/// </summary>
[MemoryDiagnoser]
public class ManifestRenderBenchmarks
{
    private static readonly HlsOptions Hls = new();
    private static readonly AmsUrlPolicy HlsUrls = new("format=m3u8-cmaf");
    private static readonly AmsUrlPolicy DashUrls = new("format=mpd-time-csf");
    private static readonly AmsUrlPolicy SmoothUrls = new(null);
    private Presentation _presentation = null!;
    private SegmentPlan _plan = null!;
    private PresentationTrack _topVideo = null!;

    [Params(1, 120)]
    public int Minutes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _presentation = await BenchMedia.LadderAsync(Minutes);
        _plan = SegmentPlanner.Plan(_presentation);
        _topVideo = _presentation.Video.OrderByDescending(t => t.Bitrate).First();
    }

    [Benchmark]
    public SegmentPlan Plan() => SegmentPlanner.Plan(_presentation);

    [Benchmark]
    public string HlsMaster() => HlsPlaylistWriter.WriteMaster(_plan, Hls, HlsUrls);

    [Benchmark]
    public string HlsMediaVideo() => HlsPlaylistWriter.WriteMedia(_plan, _topVideo, Hls, HlsUrls);

    [Benchmark]
    public string DashMpd() => DashManifestWriter.Write(_plan, new DashOptions(), DashUrls);

    [Benchmark]
    public string SmoothManifest() => SmoothManifestWriter.Write(_plan, new SmoothOptions(), SmoothUrls);
}
