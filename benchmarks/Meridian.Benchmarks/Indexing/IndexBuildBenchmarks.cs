using BenchmarkDotNet.Attributes;
using Meridian.Benchmarks.Infrastructure;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;

namespace Meridian.Benchmarks.Indexing;

/// <summary>
/// What an index-cache miss costs: open a two-hour 1080p MP4 (page cache warm) and build its sample index
/// (~180,000 video and ~337,000 audio samples) with <see cref="MediaIndexReader.ReadAsync"/>.
/// </summary>
[MemoryDiagnoser]
public class IndexBuildBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchMedia.TwoHourFile();
        // Touch every byte once so the first iteration does not pay the disk.
        using var stream = File.OpenRead(_path);
        stream.CopyTo(Stream.Null);
    }

    [Benchmark]
    public async Task<int> TwoHour1080p()
    {
        using var source = FileRandomAccessSource.Open(_path);
        var index = await MediaIndexReader.ReadAsync(source);
        return index.Tracks[0].Samples.Count;
    }
}
