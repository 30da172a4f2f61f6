namespace Meridian.Media.Isobmff;

/// <summary>
/// A <c>trun</c>, ISO/IEC 14496-12 §8.8.8, with defaults from <c>tfhd</c>/<c>trex</c> already applied and the data offset
/// resolved to an absolute file offset.
/// </summary>
public sealed class TrackRun
{
    public required long DataOffset { get; init; }

    public required uint[] Durations { get; init; }

    public required uint[] Sizes { get; init; }

    public required uint[] Flags { get; init; }

    public required int[] CompositionOffsets { get; init; }

    public int SampleCount => Sizes.Length;
}
