using Meridian.Media.Isobmff;

namespace Meridian.Media.Indexing;

/// <summary>
/// Everything the origin needs about one track: identity, timing, codec and the sample index. It holds no reference to
/// the raw sample tables so a cached index costs only the compact columns.
/// </summary>
public sealed class TrackInfo
{
    public required uint TrackId { get; init; }

    /// <summary>Handler type: <c>vide</c>, <c>soun</c>, <c>text</c>, <c>subt</c>...</summary>
    public required FourCC Handler { get; init; }

    public required HandlerBox HandlerBox { get; init; }

    public required TrackHeader Header { get; init; }

    public required MediaHeader MediaHeader { get; init; }

    public uint Timescale => MediaHeader.Timescale;

    /// <summary>ISO 639-2/T language from <c>mdhd</c>.</summary>
    public string Language => MediaHeader.Language;

    /// <summary>Duration in the track timescale: the sum of sample durations, or the <c>mdhd</c> duration for an empty track.</summary>
    public required long Duration { get; init; }

    public IReadOnlyList<EditListEntry> EditList { get; init; } = [];

    /// <summary>
    /// Media time of the first non-empty edit (ISO/IEC 14496-12 §8.6.6), less the empty edits before it, in the track
    /// timescale: the media time presented at time zero. Positive for a B-frame composition delay or AAC priming; negative
    /// for a track that starts late (an empty edit: audio delayed against video). Presentation time = composition time -
    /// this.
    /// </summary>
    public long EditMediaTime { get; init; }

    /// <summary>
    /// How far a late track's decode times move forward in fragmented output (<c>tfdt</c>), where an edit list cannot
    /// hold a negative media time: 0 unless <see cref="EditMediaTime"/> is negative.
    /// </summary>
    public long DecodeShift => EditMediaTime < 0 ? -EditMediaTime : 0;

    public required CodecConfiguration Codec { get; init; }

    /// <summary>The verbatim <c>stsd</c> payload, copied into CMAF init segments.</summary>
    public required ReadOnlyMemory<byte> SampleDescriptionPayload { get; init; }

    /// <summary>Average bitrate in bits per second from total sample bytes over duration, 0 when unknown.</summary>
    public long Bitrate { get; init; }

    public required SampleIndex Samples { get; init; }

    public bool IsVideo => Handler == BoxTypes.Vide;

    public bool IsAudio => Handler == BoxTypes.Soun;

    internal long ApproximateBytes => 512 + Samples.ApproximateBytes + SampleDescriptionPayload.Length + Codec.ConfigurationBytes.Length;
}
