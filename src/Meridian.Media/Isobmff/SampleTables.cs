namespace Meridian.Media.Isobmff;

/// <summary>
/// The raw sample table boxes of one progressive track (ISO/IEC 14496-12 §8.6-§8.7), as run-length arrays exactly as
/// stored; <see cref="Indexing.SampleIndexBuilder"/> expands them into per-sample arrays.
/// </summary>
internal sealed class SampleTables
{
    public uint[] TimeToSampleCounts { get; set; } = [];

    public uint[] TimeToSampleDeltas { get; set; } = [];

    public uint[] CompositionCounts { get; set; } = [];

    public int[] CompositionOffsets { get; set; } = [];

    /// <summary>1-based sync sample numbers, or null when <c>stss</c> is absent (every sample is a sync sample).</summary>
    public uint[]? SyncSamples { get; set; }

    /// <summary>Constant sample size, or 0 when <see cref="SampleSizes"/> holds per-sample sizes.</summary>
    public uint ConstantSampleSize { get; set; }

    public uint SampleCount { get; set; }

    public uint[] SampleSizes { get; set; } = [];

    public uint[] ChunkFirst { get; set; } = [];

    public uint[] ChunkSamples { get; set; } = [];

    public long[] ChunkOffsets { get; set; } = [];
}
