using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Meridian.Media.Isobmff;

/// <summary>
/// Reads the first sample entry of an <c>stsd</c> (ISO/IEC 14496-12 §8.5.2, §12.1.3, §12.2.3) and its decoder
/// configuration: <c>avcC</c>/<c>hvcC</c> (ISO/IEC 14496-15 §5.3.3, §8.3.3), <c>esds</c> (ISO/IEC 14496-1 §7.2.6 and
/// 14496-3 §1.6.2.1), <c>dec3</c>/<c>dac3</c> (ETSI TS 102 366 Annex F).
/// </summary>
internal static class SampleEntryParser
{
    private static readonly int[] AacSampleRates =
        [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    private static readonly int[] AcModChannels = [2, 1, 2, 3, 3, 4, 4, 5];

    private static readonly FourCC Encv = FourCC.Parse("encv");
    private static readonly FourCC Enca = FourCC.Parse("enca");
    private static readonly FourCC Sinf = FourCC.Parse("sinf");
    private static readonly FourCC Frma = FourCC.Parse("frma");

    public static CodecConfiguration ParseSampleDescription(ReadOnlySpan<byte> stsdPayload)
    {
        var r = new IsoSpanReader(stsdPayload, BoxTypes.Stsd);
        r.ReadFullBoxHeader();
        var count = r.ReadUInt32();
        if (count == 0)
        {
            throw new MediaFormatException("The 'stsd' box has no sample entries.");
        }

        var enumerator = new ChildBoxEnumerator(r.Rest);
        if (!enumerator.MoveNext())
        {
            throw new MediaFormatException("The 'stsd' box declares entries but holds none.");
        }

        var entry = enumerator.Current;
        return ParseEntry(entry.Type, entry.Payload);
    }

    private static CodecConfiguration ParseEntry(FourCC format, ReadOnlySpan<byte> payload)
    {
        if (format == BoxTypes.Avc1 || format == BoxTypes.Avc3 || format == BoxTypes.Hvc1 || format == BoxTypes.Hev1 || format == Encv)
        {
            return ParseVisual(format, payload);
        }

        if (format == BoxTypes.Mp4a || format == BoxTypes.Ec3 || format == BoxTypes.Ac3 || format == Enca)
        {
            return ParseAudio(format, payload);
        }

        return new CodecConfiguration { Format = format, CodecString = format.ToString() };
    }

    // §12.1.3: SampleEntry (8) + VisualSampleEntry fixed fields (70) precede the child boxes.
    private static CodecConfiguration ParseVisual(FourCC format, ReadOnlySpan<byte> payload)
    {
        var r = new IsoSpanReader(payload, format);
        r.Skip(8 + 16);
        var width = r.ReadUInt16();
        var height = r.ReadUInt16();
        r.Skip(50);
        var children = r.Rest;
        var original = format == Encv ? OriginalFormat(children) : format;
        var config = new CodecConfiguration { Format = format, CodecString = original.ToString(), Width = width, Height = height };
        foreach (var child in new ChildBoxEnumerator(children))
        {
            if (child.Type == BoxTypes.AvcC)
            {
                var b = child.Payload;
                if (b.Length < 4)
                {
                    throw new MediaFormatException("The 'avcC' box is truncated.");
                }

                return config with
                {
                    CodecString = $"{original}.{b[1]:x2}{b[2]:x2}{b[3]:x2}",
                    ConfigurationType = child.Type,
                    ConfigurationBytes = b.ToArray(),
                };
            }

            if (child.Type == BoxTypes.HvcC)
            {
                return config with
                {
                    CodecString = HevcCodecString(original, child.Payload),
                    ConfigurationType = child.Type,
                    ConfigurationBytes = child.Payload.ToArray(),
                };
            }
        }

        return config;
    }

    // ISO/IEC 14496-15 Annex E.3: hvc1.[profile_space]profile_idc.compat(reversed, hex).[L|H]level.constraint bytes.
    private static string HevcCodecString(FourCC format, ReadOnlySpan<byte> b)
    {
        if (b.Length < 13)
        {
            throw new MediaFormatException("The 'hvcC' box is truncated.");
        }

        var space = b[1] >> 6;
        var tier = (b[1] >> 5) & 1;
        var profile = b[1] & 0x1F;
        var compat = BinaryPrimitives.ReadUInt32BigEndian(b[2..]);
        uint reversed = 0;
        for (var i = 0; i < 32; i++)
        {
            reversed |= ((compat >> i) & 1) << (31 - i);
        }

        var text = new StringBuilder();
        text.Append(format.ToString()).Append('.');
        if (space > 0)
        {
            text.Append((char)('A' + space - 1));
        }

        text.Append(profile).Append('.').Append(reversed.ToString("X", CultureInfo.InvariantCulture));
        text.Append('.').Append(tier == 0 ? 'L' : 'H').Append(b[12]);
        var last = 5;
        while (last >= 0 && b[6 + last] == 0)
        {
            last--;
        }

        for (var i = 0; i <= last; i++)
        {
            text.Append('.').Append(b[6 + i].ToString("X", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    // §12.2.3: SampleEntry (8) + AudioSampleEntry fixed fields (20); QuickTime sound description versions 1 and 2
    // add 16 and 36 bytes.
    private static CodecConfiguration ParseAudio(FourCC format, ReadOnlySpan<byte> payload)
    {
        var r = new IsoSpanReader(payload, format);
        r.Skip(8);
        var version = r.ReadUInt16();
        r.Skip(6);
        var channels = (int)r.ReadUInt16();
        r.Skip(6);
        var sampleRate = (int)(r.ReadUInt32() >> 16);
        if (version == 1)
        {
            r.Skip(16);
        }
        else if (version == 2)
        {
            r.Skip(36);
        }

        var children = r.Rest;
        var original = format == Enca ? OriginalFormat(children) : format;
        var config = new CodecConfiguration
        {
            Format = format,
            CodecString = original.ToString(),
            SampleRate = sampleRate,
            ChannelCount = channels,
        };
        foreach (var child in new ChildBoxEnumerator(children))
        {
            if (child.Type == BoxTypes.Esds)
            {
                return ParseEsds(config, original, child.Payload);
            }

            if (child.Type == BoxTypes.Dec3)
            {
                var bits = new BitReader(child.Payload, "'dec3' box");
                bits.Read(13);
                bits.Read(3);
                bits.Read(2 + 5 + 1 + 1 + 3);
                var acmod = (int)bits.Read(3);
                var lfe = (int)bits.Read(1);
                return config with
                {
                    ConfigurationType = child.Type,
                    ConfigurationBytes = child.Payload.ToArray(),
                    ChannelCount = AcModChannels[acmod] + lfe,
                };
            }

            if (child.Type == BoxTypes.Dac3)
            {
                var bits = new BitReader(child.Payload, "'dac3' box");
                bits.Read(2 + 5 + 3);
                var acmod = (int)bits.Read(3);
                var lfe = (int)bits.Read(1);
                return config with
                {
                    ConfigurationType = child.Type,
                    ConfigurationBytes = child.Payload.ToArray(),
                    ChannelCount = AcModChannels[acmod] + lfe,
                };
            }
        }

        return config;
    }

    private static CodecConfiguration ParseEsds(CodecConfiguration config, FourCC format, ReadOnlySpan<byte> payload)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Esds);
        r.ReadFullBoxHeader();
        var body = r.Rest;
        config = config with { ConfigurationType = BoxTypes.Esds, ConfigurationBytes = body.ToArray() };

        // ES_Descriptor (tag 3) → DecoderConfigDescriptor (tag 4) → DecoderSpecificInfo (tag 5), 14496-1 §7.2.6.5-7.
        var es = FindDescriptor(body, 0x03);
        var d = new IsoSpanReader(es, BoxTypes.Esds);
        d.Skip(2);
        var esFlags = d.ReadUInt8();
        if ((esFlags & 0x80) != 0)
        {
            d.Skip(2);
        }

        if ((esFlags & 0x40) != 0)
        {
            d.Skip(d.ReadUInt8());
        }

        if ((esFlags & 0x20) != 0)
        {
            d.Skip(2);
        }

        var dcd = FindDescriptor(d.Rest, 0x04);
        var c = new IsoSpanReader(dcd, BoxTypes.Esds);
        var objectType = c.ReadUInt8();
        c.Skip(1 + 3 + 4 + 4);
        if (objectType != 0x40)
        {
            return config with { CodecString = $"{format}.{objectType:x2}" };
        }

        var asc = FindDescriptor(c.Rest, 0x05);

        // AudioSpecificConfig, ISO/IEC 14496-3 §1.6.2.1.
        var bits = new BitReader(asc, "AudioSpecificConfig");
        var aot = (int)bits.Read(5);
        if (aot == 31)
        {
            aot = 32 + (int)bits.Read(6);
        }

        var rateIndex = (int)bits.Read(4);
        var rate = rateIndex == 0xF ? (int)bits.Read(24) : rateIndex < AacSampleRates.Length ? AacSampleRates[rateIndex] : 0;
        var channels = (int)bits.Read(4);
        return config with
        {
            CodecString = $"{format}.40.{aot}",
            AudioObjectType = aot,
            DecoderSpecificInfo = asc.ToArray(),
            SampleRate = rate > 0 ? rate : config.SampleRate,
            ChannelCount = channels is > 0 and < 7 ? channels : channels == 7 ? 8 : config.ChannelCount,
        };
    }

    // Descriptors are tag + expandable length (7 bits per byte, at most 4 bytes), 14496-1 §8.3.3.
    private static ReadOnlySpan<byte> FindDescriptor(ReadOnlySpan<byte> data, byte tag)
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

    private static FourCC OriginalFormat(ReadOnlySpan<byte> children)
    {
        foreach (var child in new ChildBoxEnumerator(children))
        {
            if (child.Type != Sinf)
            {
                continue;
            }

            foreach (var s in new ChildBoxEnumerator(child.Payload))
            {
                if (s.Type == Frma && s.Payload.Length >= 4)
                {
                    return FourCC.Read(s.Payload);
                }
            }
        }

        throw new MediaFormatException("A protected sample entry has no 'sinf'/'frma' original format.");
    }
}
