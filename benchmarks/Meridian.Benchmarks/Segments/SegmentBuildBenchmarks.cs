using System.Buffers;
using BenchmarkDotNet.Attributes;
using Meridian.Benchmarks.Infrastructure;
using Meridian.Media.Cmaf;
using Meridian.Media.Indexing;
using Meridian.Media.Packaging;
using Meridian.Media.Smooth;
using Meridian.Media.Sources;
using Meridian.Media.Ts;

namespace Meridian.Benchmarks.Segments;

/// <summary>
/// One 2 s segment (the second of a 10 s 1080p ~5 Mb/s clip, ~1.2 MB of video) per output format, read from a file
/// in the page cache into a reused buffer, as the origin does per segment request. CMAF video is the baseline.
/// </summary>
[MemoryDiagnoser]
public class SegmentBuildBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4 * 1024 * 1024);
    private FileRandomAccessSource _source = null!;
    private TrackInfo _video = null!;
    private TrackInfo _audio = null!;
    private MediaSegment _videoSegment;
    private (int First, int Count) _audioRange;
    private MediaSegment _audioSegment;

    [GlobalSetup]
    public async Task Setup()
    {
        var path = BenchMedia.SegmentClip();
        var presentation = await PresentationBuilder.BuildAsync([Path.GetFileName(path)], BenchMedia.LoadAsync);
        var plan = SegmentPlanner.Plan(presentation);
        var video = presentation.Video.First();
        var audio = presentation.Audio.First();
        _video = video.Track;
        _audio = audio.Track;
        _videoSegment = plan[video].Segments[1];
        _audioSegment = plan[audio].Segments[1];
        _audioRange = plan[audio].SampleRange(_videoSegment.Start, _videoSegment.End);
        _source = FileRandomAccessSource.Open(path);
    }

    [GlobalCleanup]
    public void Cleanup() => _source.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> CmafVideo()
    {
        _output.ResetWrittenCount();
        await CmafMediaSegmentWriter.WriteAsync(_source, _video, _videoSegment.FirstSample, _videoSegment.SampleCount, 2, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public async Task<int> CmafAudio()
    {
        _output.ResetWrittenCount();
        await CmafMediaSegmentWriter.WriteAsync(_source, _audio, _audioSegment.FirstSample, _audioSegment.SampleCount, 2, _output);
        return _output.WrittenCount;
    }

    /// <summary>HLS v3/v4 transport stream: video and audio muxed, as <c>format=m3u8-aapl</c> serves it.</summary>
    [Benchmark]
    public async Task<int> TsMuxed()
    {
        _output.ResetWrittenCount();
        await TsSegmentWriter.WriteAsync(
            new TsTrackInput(_source, _video, _videoSegment.FirstSample, _videoSegment.SampleCount),
            new TsTrackInput(_source, _audio, _audioRange.First, _audioRange.Count),
            2,
            _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public async Task<int> SmoothVideo()
    {
        _output.ResetWrittenCount();
        await SmoothFragmentWriter.WriteAsync(_source, _video, _videoSegment.FirstSample, _videoSegment.SampleCount, 2, _output);
        return _output.WrittenCount;
    }
}
