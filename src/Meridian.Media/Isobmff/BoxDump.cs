using System.Text;

namespace Meridian.Media.Isobmff;

/// <summary>
/// Renders boxes as an indented text tree of types, sizes and key fields: the format of the golden files that pin what the
/// writers produce, and a debugging aid. Walks are bounded by <see cref="MediaReaderOptions.MaxBoxDepth"/>.
/// </summary>
public static class BoxDump
{
    private static readonly HashSet<FourCC> Containers =
    [
        BoxTypes.Moov, BoxTypes.Trak, BoxTypes.Edts, BoxTypes.Mdia, BoxTypes.Minf, BoxTypes.Dinf, BoxTypes.Stbl,
        BoxTypes.Mvex, BoxTypes.Moof, BoxTypes.Traf,
    ];

    private static readonly HashSet<FourCC> FullBoxes =
    [
        BoxTypes.Mvhd, BoxTypes.Tkhd, BoxTypes.Mdhd, BoxTypes.Hdlr, BoxTypes.Elst, BoxTypes.Vmhd, BoxTypes.Smhd, BoxTypes.Sthd,
        BoxTypes.Nmhd, BoxTypes.Dref, BoxTypes.Url, BoxTypes.Stsd, BoxTypes.Stts, BoxTypes.Ctts, BoxTypes.Stss, BoxTypes.Stsz,
        BoxTypes.Stsc, BoxTypes.Stco, BoxTypes.Co64, BoxTypes.Trex, BoxTypes.Mfhd, BoxTypes.Tfhd, BoxTypes.Tfdt, BoxTypes.Trun,
    ];

    public static string Dump(ReadOnlySpan<byte> data, MediaReaderOptions? options = null)
    {
        var text = new StringBuilder();
        Walk(data, 0, options ?? MediaReaderOptions.Default, text);
        return text.ToString();
    }

    private static void Walk(ReadOnlySpan<byte> data, int depth, MediaReaderOptions options, StringBuilder text)
    {
        if (depth > options.MaxBoxDepth)
        {
            throw new MediaFormatException($"Boxes nest deeper than {options.MaxBoxDepth} levels.");
        }

        foreach (var box in new ChildBoxEnumerator(data))
        {
            text.Append(' ', depth * 2).Append(box.Type.ToString()).Append(" size=").Append(box.Header.Size);
            Describe(box.Type, box.Payload, text);
            text.Append('\n');
            if (Containers.Contains(box.Type))
            {
                Walk(box.Payload, depth + 1, options, text);
            }
            else if (ChildrenOffset(box.Type) is { } skip && box.Payload.Length >= skip)
            {
                Walk(box.Payload[skip..], depth + 1, options, text);
            }
        }
    }

    // Boxes with fixed fields before their children: dref/stsd (§8.7.2, §8.5.2), visual (§12.1.3) and audio (§12.2.3) entries.
    private static int? ChildrenOffset(FourCC type) =>
        type == BoxTypes.Dref || type == BoxTypes.Stsd ? 8
        : type == BoxTypes.Avc1 || type == BoxTypes.Avc3 || type == BoxTypes.Hvc1 || type == BoxTypes.Hev1 ? 78
        : type == BoxTypes.Mp4a || type == BoxTypes.Ec3 || type == BoxTypes.Ac3 ? 28
        : null;

    private static void Describe(FourCC type, ReadOnlySpan<byte> payload, StringBuilder text)
    {
        var r = new IsoSpanReader(payload, type);
        if (type == BoxTypes.Ftyp || type == BoxTypes.Styp)
        {
            var f = IsoFileReader.ParseFileType(payload, type);
            text.Append(" major=").Append(f.MajorBrand).Append(" minor=").Append(f.MinorVersion)
                .Append(" compatible=").AppendJoin(',', f.CompatibleBrands);
            return;
        }

        if (type == BoxTypes.Mdat || Containers.Contains(type) || payload.Length < 4)
        {
            return;
        }

        if (type == BoxTypes.Avc1 || type == BoxTypes.Hvc1 || type == BoxTypes.Avc3 || type == BoxTypes.Hev1)
        {
            r.Skip(24);
            text.Append(" width=").Append(r.ReadUInt16()).Append(" height=").Append(r.ReadUInt16());
            return;
        }

        if (type == BoxTypes.Mp4a || type == BoxTypes.Ec3 || type == BoxTypes.Ac3)
        {
            r.Skip(16);
            text.Append(" channels=").Append(r.ReadUInt16());
            r.Skip(6);
            text.Append(" rate=").Append(r.ReadUInt32() >> 16);
            return;
        }

        if (type == BoxTypes.AvcC || type == BoxTypes.HvcC || type == BoxTypes.Esds || type == BoxTypes.Dec3)
        {
            text.Append(" sha=").Append(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload))[..16]);
            return;
        }

        if (!FullBoxes.Contains(type))
        {
            text.Append(" payload=").Append(Convert.ToHexStringLower(payload.Length > 16 ? payload[..16] : payload));
            return;
        }

        var (version, flags) = r.ReadFullBoxHeader();
        var wide = version == 1;
        text.Append(" v=").Append(version).Append(" flags=0x").Append(flags.ToString("x6"));
        if (type == BoxTypes.Mvhd || type == BoxTypes.Mdhd)
        {
            r.Skip(wide ? 16 : 8);
            text.Append(" timescale=").Append(r.ReadUInt32()).Append(" duration=").Append(r.ReadUnsigned(wide));
            if (type == BoxTypes.Mdhd)
            {
                text.Append(" language=0x").Append(r.ReadUInt16().ToString("x4"));
            }
            else
            {
                r.Skip(4 + 2 + 10 + 36 + 24);
                text.Append(" next_track=").Append(r.ReadUInt32());
            }
        }
        else if (type == BoxTypes.Tkhd)
        {
            r.Skip(wide ? 16 : 8);
            text.Append(" track=").Append(r.ReadUInt32());
            r.Skip(4);
            text.Append(" duration=").Append(r.ReadUnsigned(wide));
            r.Skip(8 + 4);
            text.Append(" volume=0x").Append(r.ReadUInt16().ToString("x4"));
            r.Skip(2 + 36);
            text.Append(" width=").Append(r.ReadUInt32() / 65536.0).Append(" height=").Append(r.ReadUInt32() / 65536.0);
        }
        else if (type == BoxTypes.Hdlr)
        {
            r.Skip(4);
            text.Append(" handler=").Append(r.ReadFourCC());
        }
        else if (type == BoxTypes.Elst)
        {
            var n = r.ReadUInt32();
            text.Append(" entries=").Append(n);
            if (n > 0)
            {
                text.Append(" first=(").Append(r.ReadUnsigned(wide)).Append(',').Append(wide ? r.ReadInt64() : r.ReadInt32()).Append(')');
            }
        }
        else if (type == BoxTypes.Trex)
        {
            text.Append(" track=").Append(r.ReadUInt32()).Append(" sdi=").Append(r.ReadUInt32())
                .Append(" duration=").Append(r.ReadUInt32()).Append(" size=").Append(r.ReadUInt32())
                .Append(" sample_flags=0x").Append(r.ReadUInt32().ToString("x8"));
        }
        else if (type == BoxTypes.Mfhd)
        {
            text.Append(" sequence=").Append(r.ReadUInt32());
        }
        else if (type == BoxTypes.Tfhd)
        {
            text.Append(" track=").Append(r.ReadUInt32());
        }
        else if (type == BoxTypes.Tfdt)
        {
            text.Append(" base_decode_time=").Append(r.ReadUnsigned(wide));
        }
        else if (type == BoxTypes.Trun)
        {
            text.Append(" samples=").Append(r.ReadUInt32());
            if ((flags & 1) != 0)
            {
                text.Append(" data_offset=").Append(r.ReadInt32());
            }
        }
        else if (type == BoxTypes.Stsd || type == BoxTypes.Stts || type == BoxTypes.Stsc || type == BoxTypes.Stco
            || type == BoxTypes.Dref || type == BoxTypes.Stss || type == BoxTypes.Ctts)
        {
            text.Append(" entries=").Append(r.ReadUInt32());
        }
        else if (type == BoxTypes.Stsz)
        {
            text.Append(" sample_size=").Append(r.ReadUInt32()).Append(" samples=").Append(r.ReadUInt32());
        }
        else if (r.Remaining > 0)
        {
            text.Append(" payload=").Append(Convert.ToHexStringLower(r.Rest.Length > 16 ? r.Rest[..16] : r.Rest));
        }
    }
}
