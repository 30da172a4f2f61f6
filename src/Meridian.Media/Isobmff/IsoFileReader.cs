using System.Buffers;
using Meridian.Media.Sources;

namespace Meridian.Media.Isobmff;

/// <summary>
/// Reads the metadata of an MP4 (ISO/IEC 14496-12) from a random-access source while touching only the bytes it needs:
/// the header of each top-level box, and the whole of <c>ftyp</c>, <c>moov</c>, <c>moof</c> and <c>sidx</c>. <c>mdat</c>
/// payloads are skipped by size and never read.
/// </summary>
public static class IsoFileReader
{
    private const int MaxSmallBoxBytes = 64 * 1024;

    public static async ValueTask<IsoFile> ReadAsync(
        IRandomAccessSource source, MediaReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= MediaReaderOptions.Default;
        var length = source.Length;
        var headerBuffer = new byte[BoxHeader.MaxHeaderSize];
        FileTypeBox? fileType = null;
        MovieBox? movie = null;
        var fragments = new List<MovieFragment>();
        var indexes = new List<SegmentIndexBox>();
        var sampleCounts = new Dictionary<uint, long>();
        long offset = 0;
        var boxes = 0;
        while (offset < length)
        {
            if (++boxes > options.MaxTopLevelBoxes)
            {
                throw new MediaFormatException($"The file has more than {options.MaxTopLevelBoxes} top-level boxes.");
            }

            var want = (int)Math.Min(headerBuffer.Length, length - offset);
            await source.ReadExactlyAtAsync(offset, headerBuffer.AsMemory(0, want), cancellationToken);
            var header = BoxHeader.Parse(headerBuffer.AsSpan(0, want), offset, length);
            if (header.Type == BoxTypes.Moov)
            {
                if (movie is not null)
                {
                    throw new MediaFormatException("The file has more than one 'moov' box.");
                }

                var payload = await ReadPayloadAsync(source, header, options.MaxMovieBoxBytes, cancellationToken);
                try
                {
                    movie = MovieBoxParser.Parse(payload.AsSpan(0, (int)header.PayloadSize), length, options);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(payload);
                }
            }
            else if (header.Type == BoxTypes.Moof)
            {
                if (movie is null)
                {
                    throw new MediaFormatException($"A 'moof' at offset {offset} precedes the 'moov'.");
                }

                var payload = await ReadPayloadAsync(source, header, options.MaxFragmentBoxBytes, cancellationToken);
                try
                {
                    fragments.Add(MovieFragmentParser.Parse(
                        payload.AsSpan(0, (int)header.PayloadSize), offset, movie, sampleCounts, length, options));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(payload);
                }
            }
            else if (header.Type == BoxTypes.Sidx)
            {
                var payload = await ReadPayloadAsync(source, header, options.MaxFragmentBoxBytes, cancellationToken);
                try
                {
                    indexes.Add(SegmentIndexParser.Parse(payload.AsSpan(0, (int)header.PayloadSize), header.End));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(payload);
                }
            }
            else if (header.Type == BoxTypes.Ftyp && fileType is null)
            {
                var payload = await ReadPayloadAsync(source, header, MaxSmallBoxBytes, cancellationToken);
                try
                {
                    fileType = ParseFileType(payload.AsSpan(0, (int)header.PayloadSize), header.Type);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(payload);
                }
            }

            offset = header.End;
        }

        if (movie is null)
        {
            throw new MediaFormatException("The file has no 'moov' box.");
        }

        return new IsoFile { FileType = fileType, Movie = movie, Fragments = fragments, SegmentIndexes = indexes, SourceLength = length };
    }

    /// <summary>Parses an <c>ftyp</c> or <c>styp</c> payload, ISO/IEC 14496-12 §4.3.</summary>
    internal static FileTypeBox ParseFileType(ReadOnlySpan<byte> payload, FourCC type)
    {
        var r = new IsoSpanReader(payload, type);
        var major = r.ReadFourCC();
        var minor = r.ReadUInt32();
        var brands = new FourCC[r.Remaining / 4];
        for (var i = 0; i < brands.Length; i++)
        {
            brands[i] = r.ReadFourCC();
        }

        return new FileTypeBox(major, minor, brands);
    }

    private static async ValueTask<byte[]> ReadPayloadAsync(
        IRandomAccessSource source, BoxHeader header, int limit, CancellationToken cancellationToken)
    {
        if (header.PayloadSize > limit)
        {
            throw new MediaFormatException(
                $"Box '{header.Type}' at offset {header.Offset} is {header.Size} bytes, more than the limit of {limit}.");
        }

        var size = (int)header.PayloadSize;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            await source.ReadExactlyAtAsync(header.PayloadOffset, buffer.AsMemory(0, size), cancellationToken);
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
