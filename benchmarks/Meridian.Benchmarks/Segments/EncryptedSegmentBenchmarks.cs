using System.Buffers;
using BenchmarkDotNet.Attributes;
using Meridian.Benchmarks.Infrastructure;
using Meridian.Media.Cmaf;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Packaging;
using Meridian.Media.Sources;

namespace Meridian.Benchmarks.Segments;

/// <summary>
/// The cost of encryption in a segment: the same 2 s 1080p CMAF video segment as <see cref="SegmentBuildBenchmarks"/>,
/// clear (baseline), <c>cenc</c> (AES-CTR subsamples) and <c>cbcs</c> (1:9 pattern), with senc/saiz/saio. The plain rows
/// read the samples from the file as the origin does (<see cref="FileRandomAccessSource"/>, page cache); the
/// <c>InMemory</c> rows read them from a byte array, leaving the packaging and cipher cost without the read system calls.
/// The <c>InPlace</c> rows build the segment as the origin's first build does: samples read into place and planned and
/// encrypted there a piece at a time, the boxes written apart (<see cref="CencSampleEncryptor.ReadAndEncryptAsync"/>). The
/// <c>FromPlan</c> rows produce it as the origin does for repeat requests: from the plan kept at the first build
/// (<see cref="CencSegmentPlan"/>), reading the samples into place and encrypting them there.
/// </summary>
[MemoryDiagnoser]
public class EncryptedSegmentBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4 * 1024 * 1024);
    private readonly ArrayBufferWriter<byte> _boxes = new(64 * 1024);
    private FileRandomAccessSource _source = null!;
    private MemoryRandomAccessSource _memory = null!;
    private TrackInfo _video = null!;
    private MediaSegment _segment;
    private CencProtection _cenc = null!;
    private CencProtection _cbcs = null!;
    private CencSegmentPlan _cencPlan = null!;
    private CencSegmentPlan _cbcsPlan = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var path = BenchMedia.SegmentClip();
        var presentation = await PresentationBuilder.BuildAsync([Path.GetFileName(path)], BenchMedia.LoadAsync);
        var plan = SegmentPlanner.Plan(presentation);
        var video = presentation.Video.First();
        _video = video.Track;
        _segment = plan[video].Segments[1];
        _source = FileRandomAccessSource.Open(path);
        _memory = new MemoryRandomAccessSource(await File.ReadAllBytesAsync(path));
        var key = new ContentKey(Guid.Parse("60000000-0000-0000-0000-000000000001"), Convert.FromHexString("d54aa2a2101f5ac1069142d8c478d866"));
        _cenc = new CencProtection(EncryptionScheme.Cenc, key);
        _cbcs = new CencProtection(EncryptionScheme.Cbcs, key);
        _cencPlan = await PlanAsync(_cenc);
        _cbcsPlan = await PlanAsync(_cbcs);
    }

    [GlobalCleanup]
    public void Cleanup() => _source.Dispose();

    [Benchmark(Baseline = true)]
    public Task<int> Clear() => WriteAsync(_source, null);

    [Benchmark]
    public Task<int> Cenc() => WriteAsync(_source, _cenc);

    [Benchmark]
    public Task<int> Cbcs() => WriteAsync(_source, _cbcs);

    [Benchmark]
    public Task<int> ClearInMemory() => WriteAsync(_memory, null);

    [Benchmark]
    public Task<int> CencInMemory() => WriteAsync(_memory, _cenc);

    [Benchmark]
    public Task<int> CbcsInMemory() => WriteAsync(_memory, _cbcs);

    [Benchmark]
    public Task<int> CencInPlace() => WriteInPlaceAsync(_cenc);

    [Benchmark]
    public Task<int> CbcsInPlace() => WriteInPlaceAsync(_cbcs);

    [Benchmark]
    public Task<int> CencFromPlan() => WriteFromPlanAsync(_cenc, _cencPlan);

    [Benchmark]
    public Task<int> CbcsFromPlan() => WriteFromPlanAsync(_cbcs, _cbcsPlan);

    private async Task<int> WriteFromPlanAsync(CencProtection protection, CencSegmentPlan plan)
    {
        _output.ResetWrittenCount();
        _output.Write(plan.Header.Span);
        using var encryptor = protection.CreateEncryptor(_video);
        await encryptor.ReadEncryptedAsync(_source, plan, _output.GetMemory(plan.PayloadLength));
        _output.Advance(plan.PayloadLength);
        return _output.WrittenCount;
    }

    private async Task<int> WriteInPlaceAsync(CencProtection protection)
    {
        _output.ResetWrittenCount();
        _boxes.ResetWrittenCount();
        using var encryptor = protection.CreateEncryptor(_video);
        var length = await encryptor.ReadAndEncryptAsync(_source, _segment.FirstSample, _segment.SampleCount, _output.GetMemory(4 * 1024 * 1024));
        _output.Advance(length);
        CmafMediaSegmentWriter.WriteTransformedHeader(_video, _segment.FirstSample, _segment.SampleCount, 2, _boxes, encryptor);
        return _boxes.WrittenCount + _output.WrittenCount;
    }

    private async Task<CencSegmentPlan> PlanAsync(CencProtection protection)
    {
        var header = new ArrayBufferWriter<byte>();
        using var encryptor = protection.CreateEncryptor(_video);
        using var planned = await CmafMediaSegmentWriter.WriteHeaderAsync(_source, _video, _segment.FirstSample, _segment.SampleCount, 2, header, encryptor);
        return encryptor.ExportPlan(header.WrittenSpan);
    }

    private async Task<int> WriteAsync(IRandomAccessSource source, CencProtection? protection)
    {
        _output.ResetWrittenCount();
        using var encryptor = protection?.CreateEncryptor(_video);
        await CmafMediaSegmentWriter.WriteAsync(source, _video, _segment.FirstSample, _segment.SampleCount, 2, _output, encryptor);
        return _output.WrittenCount;
    }
}
