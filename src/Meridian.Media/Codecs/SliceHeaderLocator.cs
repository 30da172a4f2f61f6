using Meridian.Media.Ts;

namespace Meridian.Media.Codecs;

/// <summary>
/// Tells how many leading bytes of each NAL unit of an H.264 or H.265 track must stay clear for subsample encryption: the NAL
/// header and the whole slice header (ISO/IEC 23001-7 §9.5.2 for <c>cenc</c>, §10.2-10.4 for <c>cbcs</c>).
/// </summary>
/// <remarks>
/// <para>The slice header syntax depends on the active SPS and PPS, so the locator keeps their tables: it starts from the
/// decoder configuration record's parameter sets and takes in every SPS/PPS passed to <see cref="ClearHeaderBytes"/>, so
/// in-band parameter sets (<c>avc3</c>/<c>hev1</c>) are followed. Feed it every NAL unit of the track in decode order.</para>
/// <para>Not supported (refused with <see cref="MediaFormatException"/>): H.264 data partitioning (NAL unit types 2-4), H.265
/// layers above 0 and screen content coding. H.264 flexible macroblock ordering is supported.</para>
/// <para>Not thread-safe; use one per track and request.</para>
/// </remarks>
public sealed class SliceHeaderLocator
{
    private readonly ISliceHeaderParser _parser;

    /// <summary>A locator with empty tables, for streams carrying their parameter sets in-band only.</summary>
    public SliceHeaderLocator(VideoCodec codec)
    {
        Codec = codec;
        _parser = codec switch
        {
            VideoCodec.H264 => new H264SliceHeaderParser(),
            VideoCodec.H265 => new H265SliceHeaderParser(),
            _ => throw new ArgumentOutOfRangeException(nameof(codec)),
        };
    }

    /// <summary>A locator primed with the parameter sets of an <c>avcC</c>/<c>hvcC</c> record.</summary>
    /// <exception cref="MediaFormatException">A parameter set is malformed or unsupported.</exception>
    public SliceHeaderLocator(NalConfiguration configuration)
        : this((configuration ?? throw new ArgumentNullException(nameof(configuration))).Codec)
    {
        foreach (var parameterSet in configuration.ParameterSets)
        {
            _parser.ClearHeaderBytes(parameterSet);
        }
    }

    public VideoCodec Codec { get; }

    /// <summary>
    /// The number of leading bytes of <paramref name="nalUnit"/> (one NAL unit as stored, emulation prevention bytes included,
    /// without its length prefix or start code) that must stay clear: for a slice, its NAL header and slice header, rounded
    /// up to a whole byte (for H.264 CABAC and for H.265 the header ends byte-aligned); for any other NAL unit its whole
    /// length. An SPS or PPS is taken into the tables first.
    /// </summary>
    /// <exception cref="MediaFormatException">The unit is malformed, truncated, refers to an unknown parameter set, or uses
    /// an unsupported coding tool.</exception>
    public int ClearHeaderBytes(ReadOnlySpan<byte> nalUnit) => _parser.ClearHeaderBytes(nalUnit);
}
