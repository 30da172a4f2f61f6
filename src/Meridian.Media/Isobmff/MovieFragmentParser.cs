namespace Meridian.Media.Isobmff;

/// <summary>
/// Parses an in-memory <c>moof</c> (ISO/IEC 14496-12 §8.8.4-§8.8.12), applying <c>tfhd</c> and <c>trex</c> defaults and
/// resolving every run's data offset to an absolute file offset (§8.8.7.1 base-data-offset rules).
/// </summary>
internal static class MovieFragmentParser
{
    private const uint TfhdBaseDataOffset = 0x000001;
    private const uint TfhdSampleDescriptionIndex = 0x000002;
    private const uint TfhdDefaultDuration = 0x000008;
    private const uint TfhdDefaultSize = 0x000010;
    private const uint TfhdDefaultFlags = 0x000020;
    private const uint TfhdDefaultBaseIsMoof = 0x020000;
    private const uint TrunDataOffset = 0x000001;
    private const uint TrunFirstSampleFlags = 0x000004;
    private const uint TrunDuration = 0x000100;
    private const uint TrunSize = 0x000200;
    private const uint TrunFlags = 0x000400;
    private const uint TrunCompositionOffset = 0x000800;

    /// <param name="payload">The <c>moof</c> payload.</param>
    /// <param name="moofOffset">Absolute offset of the <c>moof</c> box header.</param>
    /// <param name="movie">The movie, for <c>trex</c> defaults and known track ids.</param>
    /// <param name="sampleCounts">Running per-track sample totals, updated here and checked against the limit.</param>
    /// <param name="sourceLength">Length of the file, bounding how many default-sized samples a run can claim.</param>
    /// <param name="options">Limits.</param>
    public static MovieFragment Parse(
        ReadOnlySpan<byte> payload,
        long moofOffset,
        MovieBox movie,
        Dictionary<uint, long> sampleCounts,
        long sourceLength,
        MediaReaderOptions options)
    {
        uint sequence = 0;
        var trafs = new List<TrackFragment>();
        long previousDataEnd = moofOffset;
        var first = true;
        foreach (var child in new ChildBoxEnumerator(payload))
        {
            if (child.Type == BoxTypes.Mfhd)
            {
                var r = new IsoSpanReader(child.Payload, BoxTypes.Mfhd);
                r.ReadFullBoxHeader();
                sequence = r.ReadUInt32();
            }
            else if (child.Type == BoxTypes.Traf)
            {
                if (trafs.Count >= options.MaxTracks)
                {
                    throw new MediaFormatException($"A 'moof' at offset {moofOffset} has more than {options.MaxTracks} 'traf' boxes.");
                }

                var traf = ParseTraf(child.Payload, moofOffset, first ? moofOffset : previousDataEnd, movie, sampleCounts, sourceLength, options);
                first = false;
                if (traf.Runs.Count > 0)
                {
                    var last = traf.Runs[^1];
                    previousDataEnd = last.DataOffset + SumSizes(last.Sizes);
                }

                trafs.Add(traf);
            }
        }

        return new MovieFragment { Offset = moofOffset, SequenceNumber = sequence, TrackFragments = trafs };
    }

    private static TrackFragment ParseTraf(
        ReadOnlySpan<byte> payload,
        long moofOffset,
        long implicitBase,
        MovieBox movie,
        Dictionary<uint, long> sampleCounts,
        long sourceLength,
        MediaReaderOptions options)
    {
        var sawTfhd = false;
        uint trackId = 0;
        long baseOffset = implicitBase;
        uint defaultDuration = 0, defaultSize = 0, defaultFlags = 0;
        long? baseDecodeTime = null;
        var runs = new List<TrackRun>();
        foreach (var child in new ChildBoxEnumerator(payload))
        {
            if (child.Type == BoxTypes.Tfhd)
            {
                // §8.8.7
                var r = new IsoSpanReader(child.Payload, BoxTypes.Tfhd);
                var (_, flags) = r.ReadFullBoxHeader();
                trackId = r.ReadUInt32();
                TrackExtends? trex = null;
                foreach (var t in movie.TrackExtends)
                {
                    if (t.TrackId == trackId)
                    {
                        trex = t;
                    }
                }

                if (trex is null)
                {
                    throw new MediaFormatException($"A 'tfhd' names track {trackId}, which has no 'trex'.");
                }

                defaultDuration = trex.DefaultSampleDuration;
                defaultSize = trex.DefaultSampleSize;
                defaultFlags = trex.DefaultSampleFlags;
                if ((flags & TfhdBaseDataOffset) != 0)
                {
                    baseOffset = r.ReadUnsigned(wide: true);
                }
                else if ((flags & TfhdDefaultBaseIsMoof) != 0)
                {
                    baseOffset = moofOffset;
                }

                if ((flags & TfhdSampleDescriptionIndex) != 0)
                {
                    r.Skip(4);
                }

                if ((flags & TfhdDefaultDuration) != 0)
                {
                    defaultDuration = r.ReadUInt32();
                }

                if ((flags & TfhdDefaultSize) != 0)
                {
                    defaultSize = r.ReadUInt32();
                }

                if ((flags & TfhdDefaultFlags) != 0)
                {
                    defaultFlags = r.ReadUInt32();
                }

                sawTfhd = true;
            }
            else if (child.Type == BoxTypes.Tfdt)
            {
                // §8.8.12
                var r = new IsoSpanReader(child.Payload, BoxTypes.Tfdt);
                var (version, _) = r.ReadFullBoxHeader();
                baseDecodeTime = r.ReadUnsigned(version == 1);
            }
            else if (child.Type == BoxTypes.Trun)
            {
                if (!sawTfhd)
                {
                    throw new MediaFormatException("A 'trun' precedes its 'tfhd'.");
                }

                var next = runs.Count == 0 ? baseOffset : runs[^1].DataOffset + SumSizes(runs[^1].Sizes);
                runs.Add(ParseTrun(
                    child.Payload, baseOffset, next, defaultDuration, defaultSize, defaultFlags, trackId, sampleCounts, sourceLength, options));
            }
        }

        if (!sawTfhd)
        {
            throw new MediaFormatException("A 'traf' has no 'tfhd'.");
        }

        return new TrackFragment { TrackId = trackId, BaseMediaDecodeTime = baseDecodeTime, Runs = runs };
    }

    // §8.8.8
    private static TrackRun ParseTrun(
        ReadOnlySpan<byte> payload,
        long baseOffset,
        long continuationOffset,
        uint defaultDuration,
        uint defaultSize,
        uint defaultFlags,
        uint trackId,
        Dictionary<uint, long> sampleCounts,
        long sourceLength,
        MediaReaderOptions options)
    {
        var r = new IsoSpanReader(payload, BoxTypes.Trun);
        var (_, flags) = r.ReadFullBoxHeader();
        var count = r.ReadUInt32();
        sampleCounts.TryGetValue(trackId, out var soFar);
        if (soFar + count > options.MaxSamplesPerTrack)
        {
            throw new MediaFormatException($"Track {trackId} has more than {options.MaxSamplesPerTrack} samples in its fragments.");
        }

        sampleCounts[trackId] = soFar + count;
        var dataOffset = (flags & TrunDataOffset) != 0 ? baseOffset + r.ReadInt32() : continuationOffset;
        uint? firstFlags = (flags & TrunFirstSampleFlags) != 0 ? r.ReadUInt32() : null;
        var perSample = 4 * (((flags & TrunDuration) != 0 ? 1 : 0) + ((flags & TrunSize) != 0 ? 1 : 0)
            + ((flags & TrunFlags) != 0 ? 1 : 0) + ((flags & TrunCompositionOffset) != 0 ? 1 : 0));
        if ((flags & TrunSize) == 0 && (ulong)count * Math.Max(defaultSize, 1u) > (ulong)sourceLength)
        {
            // Default-sized samples need no per-sample bytes; bound them by the file before allocating.
            throw new MediaFormatException($"A 'trun' of track {trackId} claims {count} samples, more than the file can hold.");
        }

        var n = perSample == 0 ? (int)count : r.CheckEntries(count, perSample);
        var durations = new uint[n];
        var sizes = new uint[n];
        var sampleFlags = new uint[n];
        var cto = new int[n];
        for (var i = 0; i < n; i++)
        {
            durations[i] = (flags & TrunDuration) != 0 ? r.ReadUInt32() : defaultDuration;
            sizes[i] = (flags & TrunSize) != 0 ? r.ReadUInt32() : defaultSize;
            sampleFlags[i] = (flags & TrunFlags) != 0 ? r.ReadUInt32() : i == 0 && firstFlags is { } ff ? ff : defaultFlags;
            cto[i] = (flags & TrunCompositionOffset) != 0 ? r.ReadInt32() : 0;
        }

        if (dataOffset < 0)
        {
            throw new MediaFormatException($"A 'trun' of track {trackId} has a negative data offset.");
        }

        return new TrackRun { DataOffset = dataOffset, Durations = durations, Sizes = sizes, Flags = sampleFlags, CompositionOffsets = cto };
    }

    private static long SumSizes(uint[] sizes)
    {
        long total = 0;
        foreach (var s in sizes)
        {
            total += s;
        }

        return total;
    }
}
