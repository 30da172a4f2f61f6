using Meridian.Media.Isobmff;

namespace Meridian.Media.Packaging;

/// <summary>
/// Decoder configuration in the forms manifests carry: Annex-B parameter sets for H.264/H.265 (Smooth
/// CodecPrivateData) and the AAC AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) out of <c>esds</c>.
/// </summary>
public static class CodecPrivateData
{
    /// <summary>Hex (upper case) of the Smooth CodecPrivateData for the codec, empty when it has none.</summary>
    public static string SmoothHex(CodecConfiguration codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var bytes = codec.ConfigurationType == BoxTypes.AvcC ? AvcAnnexB(codec.ConfigurationBytes.Span)
            : codec.ConfigurationType == BoxTypes.HvcC ? HevcAnnexB(codec.ConfigurationBytes.Span)
            : codec.ConfigurationType == BoxTypes.Esds ? AudioSpecificConfig(codec.ConfigurationBytes.Span)
            : codec.ConfigurationBytes.ToArray();
        return Convert.ToHexString(bytes);
    }

    /// <summary>SPS then PPS NAL units from an <c>avcC</c> payload, each after a 4-byte start code.</summary>
    public static byte[] AvcAnnexB(ReadOnlySpan<byte> avcC)
    {
        var r = new IsoSpanReader(avcC, BoxTypes.AvcC);
        r.Skip(5);
        using var output = new MemoryStream();
        var spsCount = r.ReadUInt8() & 0x1F;
        CopyNals(ref r, spsCount, output);
        CopyNals(ref r, r.ReadUInt8(), output);
        return output.ToArray();
    }

    /// <summary>VPS, SPS and PPS NAL units from an <c>hvcC</c> payload (ISO/IEC 14496-15 §8.3.3.1), after start codes.</summary>
    public static byte[] HevcAnnexB(ReadOnlySpan<byte> hvcC)
    {
        var r = new IsoSpanReader(hvcC, BoxTypes.HvcC);
        r.Skip(22);
        var arrays = r.ReadUInt8();
        using var output = new MemoryStream();
        for (var a = 0; a < arrays; a++)
        {
            r.Skip(1);
            CopyNals(ref r, r.ReadUInt16(), output);
        }

        return output.ToArray();
    }

    /// <summary>The DecoderSpecificInfo of an <c>esds</c> payload (after version/flags), i.e. the AudioSpecificConfig.</summary>
    public static byte[] AudioSpecificConfig(ReadOnlySpan<byte> esds)
    {
        var es = Descriptor(esds, 0x03);
        var d = new IsoSpanReader(es, BoxTypes.Esds);
        d.Skip(2);
        var flags = d.ReadUInt8();
        d.Skip((flags & 0x80) != 0 ? 2 : 0);
        if ((flags & 0x40) != 0)
        {
            d.Skip(d.ReadUInt8());
        }

        d.Skip((flags & 0x20) != 0 ? 2 : 0);
        var config = Descriptor(d.Rest, 0x04);
        return config.Length < 13 ? [] : Descriptor(config[13..], 0x05).ToArray();
    }

    private static void CopyNals(ref IsoSpanReader r, int count, MemoryStream output)
    {
        for (var i = 0; i < count; i++)
        {
            var nal = r.ReadBytes(r.ReadUInt16());
            output.Write([0, 0, 0, 1]);
            output.Write(nal);
        }
    }

    // ISO/IEC 14496-1 §8.3.3: tag, then a length of up to four 7-bit groups.
    private static ReadOnlySpan<byte> Descriptor(ReadOnlySpan<byte> data, byte tag)
    {
        var r = new IsoSpanReader(data, BoxTypes.Esds);
        while (r.Remaining > 0)
        {
            var t = r.ReadUInt8();
            var length = 0;
            for (var i = 0; i < 4; i++)
            {
                var b = r.ReadUInt8();
                length = (length << 7) | (b & 0x7F);
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            var body = r.ReadBytes(length);
            if (t == tag)
            {
                return body;
            }
        }

        throw new MediaFormatException($"The 'esds' box has no descriptor with tag {tag}.");
    }
}
