using System.Text;

namespace Meridian.Media.Isobmff;

/// <summary>Parses an in-memory <c>moov</c> payload (ISO/IEC 14496-12 §8.2-§8.8.3).</summary>
internal static class MovieBoxParser
{
    public static MovieBox Parse(ReadOnlySpan<byte> payload, long sourceLength, MediaReaderOptions options)
    {
        MovieHeader? header = null;
        var tracks = new List<TrackBox>();
        var trex = new List<TrackExtends>();
        var hasMvex = false;
        foreach (var child in new ChildBoxEnumerator(payload))
        {
            if (child.Type == BoxTypes.Mvhd)
            {
                header = ParseMvhd(child.Payload);
            }
            else if (child.Type == BoxTypes.Trak)
            {
                if (tracks.Count >= options.MaxTracks)
                {
                    throw new MediaFormatException($"The movie has more than {options.MaxTracks} tracks.");
                }

                tracks.Add(ParseTrak(child.Payload, sourceLength, options));
            }
            else if (child.Type == BoxTypes.Mvex)
            {
                hasMvex = true;
                foreach (var grandChild in new ChildBoxEnumerator(child.Payload))
                {
                    if (grandChild.Type == BoxTypes.Trex)
                    {
                        if (trex.Count >= options.MaxTracks)
                        {
                            throw new MediaFormatException($"The movie has more than {options.MaxTracks} 'trex' boxes.");
                        }

                        trex.Add(ParseTrex(grandChild.Payload));
                    }
                }
            }
        }

        if (header is null)
        {
            throw new MediaFormatException("The 'moov' box has no 'mvhd'.");
        }

        var ids = new HashSet<uint>();
        foreach (var track in tracks)
        {
            if (!ids.Add(track.Header.TrackId))
            {
                throw new MediaFormatException($"Track id {track.Header.TrackId} appears twice.");
            }
        }

        return new MovieBox { Header = header, Tracks = tracks, HasMovieExtends = hasMvex, TrackExtends = trex };
    }

    // §8.2.2: version 1 widens creation/modification time and duration to 64 bits.
    private static MovieHeader ParseMvhd(ReadOnlySpan<byte> payload)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Mvhd);
        var (version, _) = r.ReadFullBoxHeader();
        var wide = version == 1;
        r.Skip(wide ? 16 : 8);
        var timescale = r.ReadUInt32();
        var duration = r.ReadUnsigned(wide);
        r.Skip(4 + 2 + 2 + 8 + 36 + 24);
        var next = r.ReadUInt32();
        if (timescale == 0)
        {
            throw new MediaFormatException("The 'mvhd' timescale is 0.");
        }

        return new MovieHeader(timescale, duration, next);
    }

    private static TrackExtends ParseTrex(ReadOnlySpan<byte> payload)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Trex);
        r.ReadFullBoxHeader();
        return new TrackExtends(r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32());
    }

    private static TrackBox ParseTrak(ReadOnlySpan<byte> payload, long sourceLength, MediaReaderOptions options)
    {
        TrackHeader? tkhd = null;
        IReadOnlyList<EditListEntry> edits = [];
        MediaHeader? mdhd = null;
        HandlerBox? hdlr = null;
        byte[]? stsd = null;
        CodecConfiguration? codec = null;
        var tables = new SampleTables();
        var sawSizes = false;
        var sawOffsets = false;
        var sawChunks = false;
        var sawTimes = false;
        foreach (var child in new ChildBoxEnumerator(payload))
        {
            if (child.Type == BoxTypes.Tkhd)
            {
                tkhd = ParseTkhd(child.Payload);
            }
            else if (child.Type == BoxTypes.Edts)
            {
                foreach (var e in new ChildBoxEnumerator(child.Payload))
                {
                    if (e.Type == BoxTypes.Elst)
                    {
                        edits = ParseElst(e.Payload);
                    }
                }
            }
            else if (child.Type == BoxTypes.Mdia)
            {
                foreach (var m in new ChildBoxEnumerator(child.Payload))
                {
                    if (m.Type == BoxTypes.Mdhd)
                    {
                        mdhd = ParseMdhd(m.Payload);
                    }
                    else if (m.Type == BoxTypes.Hdlr)
                    {
                        hdlr = ParseHdlr(m.Payload);
                    }
                    else if (m.Type == BoxTypes.Minf)
                    {
                        foreach (var s in new ChildBoxEnumerator(m.Payload))
                        {
                            if (s.Type != BoxTypes.Stbl)
                            {
                                continue;
                            }

                            foreach (var t in new ChildBoxEnumerator(s.Payload))
                            {
                                if (t.Type == BoxTypes.Stsd)
                                {
                                    stsd = t.Payload.ToArray();
                                    codec = SampleEntryParser.ParseSampleDescription(t.Payload);
                                }
                                else if (t.Type == BoxTypes.Stts)
                                {
                                    ParseStts(t.Payload, tables);
                                    sawTimes = true;
                                }
                                else if (t.Type == BoxTypes.Ctts)
                                {
                                    ParseCtts(t.Payload, tables);
                                }
                                else if (t.Type == BoxTypes.Stss)
                                {
                                    ParseStss(t.Payload, tables);
                                }
                                else if (t.Type == BoxTypes.Stsz)
                                {
                                    ParseStsz(t.Payload, tables, sourceLength, options);
                                    sawSizes = true;
                                }
                                else if (t.Type == BoxTypes.Stz2)
                                {
                                    ParseStz2(t.Payload, tables, options);
                                    sawSizes = true;
                                }
                                else if (t.Type == BoxTypes.Stsc)
                                {
                                    ParseStsc(t.Payload, tables);
                                    sawChunks = true;
                                }
                                else if (t.Type == BoxTypes.Stco || t.Type == BoxTypes.Co64)
                                {
                                    ParseChunkOffsets(t.Payload, t.Type, tables);
                                    sawOffsets = true;
                                }
                            }
                        }
                    }
                }
            }
        }

        if (tkhd is null || mdhd is null || hdlr is null || stsd is null || codec is null)
        {
            throw new MediaFormatException(
                $"Track {tkhd?.TrackId.ToString() ?? "?"} lacks one of 'tkhd', 'mdhd', 'hdlr' or 'stsd'.");
        }

        if (tables.SampleCount > 0 && !(sawSizes && sawOffsets && sawChunks && sawTimes))
        {
            throw new MediaFormatException(
                $"Track {tkhd.TrackId} has {tables.SampleCount} samples but lacks one of 'stts', 'stsc' or 'stco'/'co64'.");
        }

        return new TrackBox
        {
            Header = tkhd,
            EditList = edits,
            MediaHeader = mdhd,
            Handler = hdlr,
            SampleDescriptionPayload = stsd,
            Codec = codec,
            Tables = tables,
        };
    }

    // §8.3.2
    private static TrackHeader ParseTkhd(ReadOnlySpan<byte> payload)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Tkhd);
        var (version, flags) = r.ReadFullBoxHeader();
        var wide = version == 1;
        r.Skip(wide ? 16 : 8);
        var id = r.ReadUInt32();
        r.Skip(4);
        var duration = r.ReadUnsigned(wide);
        r.Skip(8);
        var layer = r.ReadInt16();
        var group = r.ReadInt16();
        var volume = r.ReadInt16();
        r.Skip(2 + 36);
        var width = r.ReadUInt32();
        var height = r.ReadUInt32();
        if (id == 0)
        {
            throw new MediaFormatException("A 'tkhd' has track id 0.");
        }

        return new TrackHeader(id, flags, duration, layer, group, volume, width, height);
    }

    // §8.6.6: version 1 widens segment_duration and media_time to 64 bits.
    private static EditListEntry[] ParseElst(ReadOnlySpan<byte> payload)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Elst);
        var (version, _) = r.ReadFullBoxHeader();
        var wide = version == 1;
        var count = r.CheckEntries(r.ReadUInt32(), wide ? 20 : 12);
        var entries = new EditListEntry[count];
        for (var i = 0; i < count; i++)
        {
            var duration = r.ReadUnsigned(wide);
            long mediaTime = wide ? r.ReadInt64() : r.ReadInt32();
            entries[i] = new EditListEntry(duration, mediaTime, r.ReadInt32());
        }

        return entries;
    }

    // §8.4.2; language is three 5-bit letters offset by 0x60 (ISO 639-2/T).
    private static MediaHeader ParseMdhd(ReadOnlySpan<byte> payload)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Mdhd);
        var (version, _) = r.ReadFullBoxHeader();
        var wide = version == 1;
        r.Skip(wide ? 16 : 8);
        var timescale = r.ReadUInt32();
        var duration = r.ReadUnsigned(wide);
        var packed = r.ReadUInt16();
        if (timescale == 0)
        {
            throw new MediaFormatException("An 'mdhd' timescale is 0.");
        }

        Span<char> letters = stackalloc char[3];
        var valid = true;
        for (var i = 0; i < 3; i++)
        {
            var c = ((packed >> (10 - (5 * i))) & 0x1F) + 0x60;
            valid &= c is >= 'a' and <= 'z';
            letters[i] = (char)c;
        }

        return new MediaHeader(timescale, duration, valid ? new string(letters) : "und");
    }

    // §8.4.3
    private static HandlerBox ParseHdlr(ReadOnlySpan<byte> payload)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Hdlr);
        r.ReadFullBoxHeader();
        r.Skip(4);
        var type = r.ReadFourCC();
        r.Skip(12);
        var rest = r.Rest;
        var end = rest.IndexOf((byte)0);
        var nameBytes = end < 0 ? rest : rest[..end];
        if (nameBytes.Length > 256)
        {
            nameBytes = nameBytes[..256];
        }

        return new HandlerBox(type, Encoding.UTF8.GetString(nameBytes));
    }

    // §8.6.1.2
    private static void ParseStts(ReadOnlySpan<byte> payload, SampleTables tables)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Stts);
        r.ReadFullBoxHeader();
        var count = r.CheckEntries(r.ReadUInt32(), 8);
        var counts = new uint[count];
        var deltas = new uint[count];
        for (var i = 0; i < count; i++)
        {
            counts[i] = r.ReadUInt32();
            deltas[i] = r.ReadUInt32();
        }

        tables.TimeToSampleCounts = counts;
        tables.TimeToSampleDeltas = deltas;
    }

    // §8.6.1.3: version 0 offsets are nominally unsigned, but writers store negative offsets in them; read both as signed.
    private static void ParseCtts(ReadOnlySpan<byte> payload, SampleTables tables)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Ctts);
        r.ReadFullBoxHeader();
        var count = r.CheckEntries(r.ReadUInt32(), 8);
        var counts = new uint[count];
        var offsets = new int[count];
        for (var i = 0; i < count; i++)
        {
            counts[i] = r.ReadUInt32();
            offsets[i] = r.ReadInt32();
        }

        tables.CompositionCounts = counts;
        tables.CompositionOffsets = offsets;
    }

    // §8.6.2
    private static void ParseStss(ReadOnlySpan<byte> payload, SampleTables tables)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Stss);
        r.ReadFullBoxHeader();
        var count = r.CheckEntries(r.ReadUInt32(), 4);
        var numbers = new uint[count];
        for (var i = 0; i < count; i++)
        {
            numbers[i] = r.ReadUInt32();
        }

        tables.SyncSamples = numbers;
    }

    // §8.7.3.2
    private static void ParseStsz(ReadOnlySpan<byte> payload, SampleTables tables, long sourceLength, MediaReaderOptions options)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Stsz);
        r.ReadFullBoxHeader();
        var constant = r.ReadUInt32();
        var count = r.ReadUInt32();
        CheckSampleCount(count, options);
        if (constant != 0 && (ulong)count * constant > (ulong)sourceLength)
        {
            // A constant size needs no table, so without this check a few bytes could claim gigabytes of samples.
            throw new MediaFormatException($"The 'stsz' box claims {count} samples of {constant} bytes, more than the {sourceLength}-byte file.");
        }

        tables.ConstantSampleSize = constant;
        tables.SampleCount = count;
        if (constant == 0)
        {
            var n = r.CheckEntries(count, 4);
            var sizes = new uint[n];
            for (var i = 0; i < n; i++)
            {
                sizes[i] = r.ReadUInt32();
            }

            tables.SampleSizes = sizes;
        }
    }

    // §8.7.3.3: compact sizes packed in 4, 8 or 16 bits.
    private static void ParseStz2(ReadOnlySpan<byte> payload, SampleTables tables, MediaReaderOptions options)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Stz2);
        r.ReadFullBoxHeader();
        r.Skip(3);
        var fieldSize = r.ReadUInt8();
        var count = r.ReadUInt32();
        CheckSampleCount(count, options);
        if (fieldSize is not (4 or 8 or 16))
        {
            throw new MediaFormatException($"The 'stz2' field size {fieldSize} is not 4, 8 or 16.");
        }

        var bytes = (ulong)count * fieldSize / 8 + (fieldSize == 4 ? count % 2 : 0);
        if (bytes > (ulong)r.Remaining)
        {
            throw new MediaFormatException($"The 'stz2' box declares {count} samples but is only {payload.Length} bytes long.");
        }

        var sizes = new uint[count];
        var data = r.Rest;
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = fieldSize switch
            {
                4 => (uint)((i % 2 == 0 ? data[i / 2] >> 4 : data[i / 2]) & 0xF),
                8 => data[i],
                _ => (uint)((data[2 * i] << 8) | data[(2 * i) + 1]),
            };
        }

        tables.SampleCount = count;
        tables.ConstantSampleSize = 0;
        tables.SampleSizes = sizes;
    }

    // §8.7.4
    private static void ParseStsc(ReadOnlySpan<byte> payload, SampleTables tables)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Stsc);
        r.ReadFullBoxHeader();
        var count = r.CheckEntries(r.ReadUInt32(), 12);
        var first = new uint[count];
        var samples = new uint[count];
        for (var i = 0; i < count; i++)
        {
            first[i] = r.ReadUInt32();
            samples[i] = r.ReadUInt32();
            r.Skip(4);
            if (first[i] == 0 || (i > 0 && first[i] <= first[i - 1]))
            {
                throw new MediaFormatException($"The 'stsc' entry {i} has first chunk {first[i]}, not increasing from 1.");
            }
        }

        tables.ChunkFirst = first;
        tables.ChunkSamples = samples;
    }

    // §8.7.5
    private static void ParseChunkOffsets(ReadOnlySpan<byte> payload, FourCC type, SampleTables tables)
    {
        var r = new IsoSpanReader(payload, type);
        r.ReadFullBoxHeader();
        var wide = type == BoxTypes.Co64;
        var count = r.CheckEntries(r.ReadUInt32(), wide ? 8 : 4);
        var offsets = new long[count];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = r.ReadUnsigned(wide);
        }

        tables.ChunkOffsets = offsets;
    }

    private static void CheckSampleCount(uint count, MediaReaderOptions options)
    {
        if (count > (uint)options.MaxSamplesPerTrack)
        {
            throw new MediaFormatException($"A track declares {count} samples, more than the limit of {options.MaxSamplesPerTrack}.");
        }
    }
}
