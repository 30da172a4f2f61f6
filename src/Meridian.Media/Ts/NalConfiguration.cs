using Meridian.Media.Isobmff;

namespace Meridian.Media.Ts;

/// <summary>
/// What repackaging needs from an <c>avcC</c> (ISO/IEC 14496-15 §5.3.3.1) or <c>hvcC</c> (§8.3.3.1) record: the NAL length
/// field size and the parameter sets, in record order (SPS then PPS; VPS, SPS, PPS and any SEI arrays for HEVC).
/// </summary>
public sealed class NalConfiguration
{
    private NalConfiguration(VideoCodec codec, int lengthSize, IReadOnlyList<byte[]> parameterSets)
    {
        Codec = codec;
        LengthSize = lengthSize;
        ParameterSets = parameterSets;
    }

    public VideoCodec Codec { get; }

    /// <summary>Bytes of each sample's NAL length prefix: 1, 2 or 4.</summary>
    public int LengthSize { get; }

    /// <summary>Parameter set NAL units (without start codes or lengths), in record order.</summary>
    public IReadOnlyList<byte[]> ParameterSets { get; }

    /// <summary>NAL unit type of a NAL unit's first header byte.</summary>
    public int NalType(byte header) => Codec == VideoCodec.H264 ? header & 0x1F : (header >> 1) & 0x3F;

    /// <summary>Reads the decoder configuration of an <c>avc1</c>/<c>avc3</c>/<c>hvc1</c>/<c>hev1</c> track.</summary>
    /// <exception cref="MediaFormatException">Another format (including encrypted entries), or a malformed record.</exception>
    public static NalConfiguration From(CodecConfiguration codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (codec.ConfigurationType == BoxTypes.AvcC && (codec.Format == BoxTypes.Avc1 || codec.Format == BoxTypes.Avc3))
        {
            return ParseAvcC(codec.ConfigurationBytes.Span);
        }

        if (codec.ConfigurationType == BoxTypes.HvcC && (codec.Format == BoxTypes.Hvc1 || codec.Format == BoxTypes.Hev1))
        {
            return ParseHvcC(codec.ConfigurationBytes.Span);
        }

        throw new MediaFormatException($"Video format '{codec.Format}' cannot be repackaged; H.264 (avc1/avc3) or H.265 (hvc1/hev1) is required.");
    }

    private static NalConfiguration ParseAvcC(ReadOnlySpan<byte> b)
    {
        var r = new IsoSpanReader(b, BoxTypes.AvcC);
        r.Skip(4);
        var lengthSize = (r.ReadUInt8() & 3) + 1;
        var sets = new List<byte[]>();
        var spsCount = r.ReadUInt8() & 0x1F;
        for (var i = 0; i < spsCount; i++)
        {
            sets.Add(r.ReadBytes(r.ReadUInt16()).ToArray());
        }

        var ppsCount = r.ReadUInt8();
        for (var i = 0; i < ppsCount; i++)
        {
            sets.Add(r.ReadBytes(r.ReadUInt16()).ToArray());
        }

        return Create(VideoCodec.H264, lengthSize, sets);
    }

    private static NalConfiguration ParseHvcC(ReadOnlySpan<byte> b)
    {
        var r = new IsoSpanReader(b, BoxTypes.HvcC);
        r.Skip(21);
        var lengthSize = (r.ReadUInt8() & 3) + 1;
        var arrays = r.ReadUInt8();
        var sets = new List<byte[]>();
        for (var a = 0; a < arrays; a++)
        {
            r.Skip(1);
            var count = r.ReadUInt16();
            for (var i = 0; i < count; i++)
            {
                sets.Add(r.ReadBytes(r.ReadUInt16()).ToArray());
            }
        }

        return Create(VideoCodec.H265, lengthSize, sets);
    }

    private static NalConfiguration Create(VideoCodec codec, int lengthSize, List<byte[]> sets)
    {
        if (lengthSize == 3)
        {
            throw new MediaFormatException("A NAL length size of 3 bytes is not allowed (ISO/IEC 14496-15).");
        }

        if (sets.Exists(s => s.Length == 0))
        {
            throw new MediaFormatException("The decoder configuration record holds an empty parameter set.");
        }

        return new NalConfiguration(codec, lengthSize, sets);
    }
}
