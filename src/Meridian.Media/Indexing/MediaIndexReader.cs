using Meridian.Media.Isobmff;
using Meridian.Media.Sources;

namespace Meridian.Media.Indexing;

/// <summary>
/// Builds a <see cref="MediaIndex"/> from an MP4: progressive sample tables (ISO/IEC 14496-12 §8.6-§8.7) expanded per
/// sample, then any movie fragments (§8.8) appended in file order. Every sample must lie inside the source.
/// </summary>
public static class MediaIndexReader
{
    private const uint SampleIsNonSync = 0x00010000;

    public static async ValueTask<MediaIndex> ReadAsync(
        IRandomAccessSource source, MediaReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= MediaReaderOptions.Default;
        var file = await IsoFileReader.ReadAsync(source, options, cancellationToken);
        return Build(file, options);
    }

    public static MediaIndex Build(IsoFile file, MediaReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        options ??= MediaReaderOptions.Default;
        var tracks = new List<TrackInfo>();
        foreach (var track in file.Movie.Tracks)
        {
            var builder = new SampleIndexBuilder((int)Math.Min(track.Tables.SampleCount, (uint)options.MaxSamplesPerTrack), options.MaxSamplesPerTrack);
            var nextDecodeTime = AddProgressiveSamples(track, builder, file.SourceLength);
            foreach (var fragment in file.Fragments)
            {
                foreach (var traf in fragment.TrackFragments)
                {
                    if (traf.TrackId == track.Header.TrackId)
                    {
                        nextDecodeTime = AddFragmentSamples(traf, builder, nextDecodeTime, file.SourceLength);
                    }
                }
            }

            var samples = builder.Build();
            var duration = samples.Count > 0 ? samples.EndDecodeTime - samples.DecodeTimes[0] : track.MediaHeader.Duration;
            var timescale = track.MediaHeader.Timescale;
            var editMediaTime = EditMediaTime(track.EditList, file.Movie.Header.Timescale, timescale);
            var bitrate = duration > 0 ? (long)Math.Min(samples.TotalBytes * 8.0 * timescale / duration, long.MaxValue / 2) : 0;
            tracks.Add(new TrackInfo
            {
                TrackId = track.Header.TrackId,
                Handler = track.Handler.HandlerType,
                HandlerBox = track.Handler,
                Header = track.Header,
                MediaHeader = track.MediaHeader,
                Duration = duration,
                EditList = track.EditList,
                EditMediaTime = editMediaTime,
                Codec = track.Codec,
                SampleDescriptionPayload = track.SampleDescriptionPayload,
                Bitrate = bitrate,
                Samples = samples,
            });
        }

        foreach (var fragment in file.Fragments)
        {
            foreach (var traf in fragment.TrackFragments)
            {
                if (tracks.TrueForAll(t => t.TrackId != traf.TrackId))
                {
                    throw new MediaFormatException($"A fragment at offset {fragment.Offset} names unknown track {traf.TrackId}.");
                }
            }
        }

        return new MediaIndex
        {
            FileType = file.FileType,
            MovieTimescale = file.Movie.Header.Timescale,
            Tracks = tracks,
            IsFragmented = file.Movie.HasMovieExtends,
            SegmentIndexes = file.SegmentIndexes,
            SourceLength = file.SourceLength,
        };
    }

    private static long AddProgressiveSamples(TrackBox track, SampleIndexBuilder builder, long sourceLength)
    {
        var t = track.Tables;
        var count = t.SampleCount;
        if (count == 0)
        {
            return 0;
        }

        var trackId = track.Header.TrackId;
        var sttsIndex = 0;
        uint sttsLeft = t.TimeToSampleCounts.Length > 0 ? t.TimeToSampleCounts[0] : 0;
        var cttsIndex = 0;
        uint cttsLeft = t.CompositionCounts.Length > 0 ? t.CompositionCounts[0] : 0;
        var syncIndex = 0;
        var stscIndex = 0;
        long decodeTime = 0;
        uint sample = 0;
        for (var chunk = 0; chunk < t.ChunkOffsets.Length && sample < count; chunk++)
        {
            // §8.7.4: the stsc entry in force is the last whose first_chunk (1-based) is at or before this chunk.
            while (stscIndex + 1 < t.ChunkFirst.Length && t.ChunkFirst[stscIndex + 1] <= (uint)chunk + 1)
            {
                stscIndex++;
            }

            if (t.ChunkFirst.Length == 0 || t.ChunkFirst[stscIndex] > (uint)chunk + 1)
            {
                throw new MediaFormatException($"Track {trackId}: chunk {chunk + 1} is not described by 'stsc'.");
            }

            var offset = t.ChunkOffsets[chunk];
            var inChunk = t.ChunkSamples[stscIndex];
            for (uint k = 0; k < inChunk && sample < count; k++, sample++)
            {
                while (sttsLeft == 0)
                {
                    if (++sttsIndex >= t.TimeToSampleCounts.Length)
                    {
                        throw new MediaFormatException($"Track {trackId}: 'stts' describes fewer than its {count} samples.");
                    }

                    sttsLeft = t.TimeToSampleCounts[sttsIndex];
                }

                sttsLeft--;
                var duration = t.TimeToSampleDeltas[sttsIndex];

                var cto = 0;
                while (cttsLeft == 0 && cttsIndex + 1 < t.CompositionCounts.Length)
                {
                    cttsLeft = t.CompositionCounts[++cttsIndex];
                }

                if (cttsLeft > 0)
                {
                    cttsLeft--;
                    cto = t.CompositionOffsets[cttsIndex];
                }

                var isSync = true;
                if (t.SyncSamples is { } sync)
                {
                    while (syncIndex < sync.Length && sync[syncIndex] < sample + 1)
                    {
                        syncIndex++;
                    }

                    isSync = syncIndex < sync.Length && sync[syncIndex] == sample + 1;
                }

                var size = t.ConstantSampleSize != 0 ? t.ConstantSampleSize : t.SampleSizes[sample];
                CheckInside(trackId, sample, offset, size, sourceLength);
                builder.Add(decodeTime, duration, cto, size, offset, isSync);
                decodeTime += duration;
                offset += size;
            }
        }

        if (sample < count)
        {
            throw new MediaFormatException($"Track {trackId}: chunks hold {sample} samples but 'stsz' declares {count}.");
        }

        return decodeTime;
    }

    private static long AddFragmentSamples(TrackFragment traf, SampleIndexBuilder builder, long nextDecodeTime, long sourceLength)
    {
        var decodeTime = traf.BaseMediaDecodeTime ?? nextDecodeTime;
        foreach (var run in traf.Runs)
        {
            var offset = run.DataOffset;
            for (var i = 0; i < run.SampleCount; i++)
            {
                var size = run.Sizes[i];
                CheckInside(traf.TrackId, (uint)builder.Count, offset, size, sourceLength);
                builder.Add(decodeTime, run.Durations[i], run.CompositionOffsets[i], size, offset, (run.Flags[i] & SampleIsNonSync) == 0);
                decodeTime += run.Durations[i];
                offset += size;
            }
        }

        return decodeTime;
    }

    private static void CheckInside(uint trackId, uint sample, long offset, uint size, long sourceLength)
    {
        if (offset < 0 || offset > sourceLength || size > sourceLength - offset)
        {
            throw new MediaFormatException(
                $"Track {trackId}: sample {sample} ({size} bytes at offset {offset}) lies outside the {sourceLength}-byte file.");
        }
    }

    /// <summary>
    /// The media time presented at time zero (§8.6.6): the first non-empty edit's media time, less the empty edits before
    /// it (given in the movie timescale, so converted to the track's). A track delayed by an empty edit gets a negative value.
    /// </summary>
    private static long EditMediaTime(IReadOnlyList<EditListEntry> edits, uint movieTimescale, uint trackTimescale)
    {
        long empty = 0;
        foreach (var edit in edits)
        {
            if (edit.MediaTime >= 0)
            {
                var delay = movieTimescale == 0 ? 0 : (long)Math.Round((double)empty * trackTimescale / movieTimescale);
                return edit.MediaTime - delay;
            }

            empty += edit.SegmentDuration;
        }

        return 0;
    }
}
