namespace Meridian.Media.Isobmff;

/// <summary>A parsed <c>trak</c> (ISO/IEC 14496-12 §8.3.1) with the parts a packager needs.</summary>
public sealed class TrackBox
{
    public required TrackHeader Header { get; init; }

    public IReadOnlyList<EditListEntry> EditList { get; init; } = [];

    public required MediaHeader MediaHeader { get; init; }

    public required HandlerBox Handler { get; init; }

    /// <summary>
    /// The complete <c>stsd</c> payload (version, flags, entry count and entries), copied verbatim into CMAF init segments
    /// so decoder configuration and any codec-specific child boxes survive untouched.
    /// </summary>
    public required ReadOnlyMemory<byte> SampleDescriptionPayload { get; init; }

    public required CodecConfiguration Codec { get; init; }

    internal SampleTables Tables { get; init; } = new();
}
