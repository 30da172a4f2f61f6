using System.Buffers;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Sources;

namespace Meridian.Media.Cmaf;

/// <summary>
/// Writes a CMAF media segment (ISO/IEC 23000-19 §7.3.2) for a range of samples of one track:
/// <c>styp</c> + <c>moof</c>(<c>mfhd</c>, <c>traf</c>(<c>tfhd</c>, <c>tfdt</c>, <c>trun</c>)) + <c>mdat</c>.
/// Only the bytes of the requested samples are read from the source. Output depends only on the inputs.
/// </summary>
public static class CmafMediaSegmentWriter
{
    /// <summary>Largest segment payload assembled in memory. Default 256 MiB.</summary>
    public const int MaxSegmentBytes = SampleDataReader.MaxSegmentBytes;

    // §8.8.7.1
    private const uint TfhdDefaultBaseIsMoof = 0x020000;

    // §8.8.8.1: data-offset, sample duration, size, flags and composition time offset present.
    private const uint TrunFlags = 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800;

    // §8.8.3.1 sample_flags: sync = depends on nothing (2 << 24); non-sync = depends on others (1 << 24) + non-sync bit.
    private const uint SyncSampleFlags = 0x02000000;
    private const uint NonSyncSampleFlags = 0x01010000;

    private static readonly FourCC Cmfs = FourCC.Parse("cmfs");
    private static readonly FourCC Msdh = FourCC.Parse("msdh");

    public static async ValueTask WriteAsync(
        IRandomAccessSource source,
        TrackInfo track,
        int firstSample,
        int sampleCount,
        uint sequenceNumber,
        IBufferWriter<byte> output,
        ICmafSampleTransform? transform = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(output);
        var samples = track.Samples;
        CheckRange(samples, firstSample, sampleCount);

        if (transform is ICmafCopyingSampleTransform copying)
        {
            // A copying transform (CENC) encrypts while the samples are copied into the mdat: one pass over the bytes
            // instead of an in-place pass over the read buffer and then the copy.
            using var planned = await WriteHeaderAsync(source, track, firstSample, sampleCount, sequenceNumber, output, copying, cancellationToken);
            copying.CopySamples(planned.Span, output.GetSpan(planned.Length)[..planned.Length]);
            output.Advance(planned.Length);
            return;
        }

        var total = SampleDataReader.TotalBytes(samples, firstSample, sampleCount);
        var w = new BoxWriter(output);
        if (transform is null)
        {
            // Clear segments need no look at the sample bytes before the boxes are written, so the samples are read
            // straight into the mdat: no intermediate buffer and one copy fewer.
            WriteHeader(w, track, firstSample, sampleCount, sequenceNumber, total, null);
            await SampleDataReader.ReadIntoAsync(source, samples, firstSample, sampleCount, w.GetMemory(total), cancellationToken);
            w.Advance(total);
            return;
        }

        // An in-place transform changes the samples in the read buffer before the boxes that describe them are written.
        var data = await SampleDataReader.ReadAsync(source, samples, firstSample, sampleCount, cancellationToken);
        try
        {
            var position = 0;
            for (var i = firstSample; i < firstSample + sampleCount; i++)
            {
                var size = (int)samples.Sizes[i];
                transform.TransformSample(i, data.AsSpan(position, size));
                position += size;
            }

            WriteHeader(w, track, firstSample, sampleCount, sequenceNumber, total, transform);
            w.WriteBytes(data.AsSpan(0, total));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    /// <summary>
    /// For a copying transform (CENC): reads and plans the samples, and writes everything of the segment before them
    /// (<c>styp</c>, <c>moof</c> with the transform's boxes, the <c>mdat</c> header) to <paramref name="header"/>. The
    /// caller then has <paramref name="transform"/> write the <see cref="PlannedSamples.Length"/> payload bytes wherever the
    /// segment goes next (<see cref="ICmafCopyingSampleTransform.CopySamples"/>); header and payload together are the bytes
    /// of <see cref="WriteAsync"/>.
    /// </summary>
    public static async ValueTask<PlannedSamples> WriteHeaderAsync(
        IRandomAccessSource source,
        TrackInfo track,
        int firstSample,
        int sampleCount,
        uint sequenceNumber,
        IBufferWriter<byte> header,
        ICmafCopyingSampleTransform transform,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(transform);
        var samples = track.Samples;
        CheckRange(samples, firstSample, sampleCount);

        var total = SampleDataReader.TotalBytes(samples, firstSample, sampleCount);
        var planned = new PlannedSamples(await SampleDataReader.ReadAsync(source, samples, firstSample, sampleCount, cancellationToken), total);
        try
        {
            var position = 0;
            for (var i = firstSample; i < firstSample + sampleCount; i++)
            {
                var size = (int)samples.Sizes[i];
                transform.PlanSample(i, planned.Span.Slice(position, size));
                position += size;
            }

            WriteHeader(new BoxWriter(header), track, firstSample, sampleCount, sequenceNumber, total, transform);
            return planned;
        }
        catch
        {
            planned.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For a clear segment: writes everything before the samples (<c>styp</c>, <c>moof</c>, the <c>mdat</c> header) to
    /// <paramref name="header"/> and returns the payload length; <see cref="ReadSamplesAsync"/> then reads the payload
    /// wherever the segment goes next. Header and payload together are the bytes of <see cref="WriteAsync"/>.
    /// </summary>
    public static int WriteClearHeader(TrackInfo track, int firstSample, int sampleCount, uint sequenceNumber, IBufferWriter<byte> header) =>
        WriteHeaderOnly(track, firstSample, sampleCount, sequenceNumber, header, null);

    /// <summary>
    /// For samples that <paramref name="transform"/> has already changed in place, wherever they lie (as
    /// <see cref="Crypto.CencSampleEncryptor.ReadAndEncryptAsync"/> leaves them): writes everything before them
    /// (<c>styp</c>, <c>moof</c> with the transform's boxes, the <c>mdat</c> header) to <paramref name="header"/> and returns
    /// the payload length. Header and transformed samples together are the bytes of <see cref="WriteAsync"/>.
    /// </summary>
    public static int WriteTransformedHeader(
        TrackInfo track, int firstSample, int sampleCount, uint sequenceNumber, IBufferWriter<byte> header, ICmafSampleTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return WriteHeaderOnly(track, firstSample, sampleCount, sequenceNumber, header, transform);
    }

    /// <summary>Bytes of the samples of a segment: the <c>mdat</c> payload.</summary>
    public static int PayloadLength(TrackInfo track, int firstSample, int sampleCount)
    {
        ArgumentNullException.ThrowIfNull(track);
        CheckRange(track.Samples, firstSample, sampleCount);
        return SampleDataReader.TotalBytes(track.Samples, firstSample, sampleCount);
    }

    /// <summary>Reads the samples' bytes, back to back, into <paramref name="destination"/> (at least their total length).</summary>
    public static ValueTask ReadSamplesAsync(
        IRandomAccessSource source, TrackInfo track, int firstSample, int sampleCount, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(track);
        return SampleDataReader.ReadIntoAsync(source, track.Samples, firstSample, sampleCount, destination, cancellationToken);
    }

    private static int WriteHeaderOnly(
        TrackInfo track, int firstSample, int sampleCount, uint sequenceNumber, IBufferWriter<byte> header, ICmafSampleTransform? transform)
    {
        ArgumentNullException.ThrowIfNull(header);
        var total = PayloadLength(track, firstSample, sampleCount);
        WriteHeader(new BoxWriter(header), track, firstSample, sampleCount, sequenceNumber, total, transform);
        return total;
    }

    private static void CheckRange(SampleIndex samples, int firstSample, int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstSample);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSample, samples.Count - sampleCount);
    }

    // styp, then the moof (with the transform's boxes) and the mdat header for total payload bytes.
    private static void WriteHeader(
        BoxWriter w, TrackInfo track, int firstSample, int sampleCount, uint sequenceNumber, long total, ICmafSampleTransform? transform)
    {
        var samples = track.Samples;
        WriteSegmentType(w);
        var moofStart = w.Position;
        w.StartBox(BoxTypes.Moof);
        w.StartFullBox(BoxTypes.Mfhd, 0, 0);
        w.WriteUInt32(sequenceNumber);
        w.EndBox();
        w.StartBox(BoxTypes.Traf);
        w.StartFullBox(BoxTypes.Tfhd, 0, TfhdDefaultBaseIsMoof);
        w.WriteUInt32(track.TrackId);
        w.EndBox();

        // §8.8.12: version 1 so decode times past 2^32 ticks (13 h at 90 kHz) need no special case.
        w.StartFullBox(BoxTypes.Tfdt, 1, 0);
        w.WriteUInt64((ulong)(samples.DecodeTimes[firstSample] + track.DecodeShift));
        w.EndBox();

        // §8.8.8: version 1 makes composition offsets signed, so no edit-list trick is needed for B-frames.
        w.StartFullBox(BoxTypes.Trun, 1, TrunFlags);
        w.WriteUInt32((uint)sampleCount);
        var dataOffsetPosition = w.Position;
        w.WriteInt32(0);
        for (var i = firstSample; i < firstSample + sampleCount; i++)
        {
            w.WriteUInt32(samples.Durations[i]);
            w.WriteUInt32(samples.Sizes[i]);
            w.WriteUInt32(samples.IsSync(i) ? SyncSampleFlags : NonSyncSampleFlags);
            w.WriteInt32(samples.CompositionOffsets[i]);
        }

        w.EndBox();
        transform?.WriteTrackFragmentBoxes(w, moofStart, firstSample, sampleCount);
        w.EndBox();

        // Invariant: the moof is still staged, so its final size is known here and the data offset (relative to
        // the moof start, default-base-is-moof) can be patched before the moof is flushed.
        var moofSize = w.Position - moofStart;
        var mdatHeader = total + 8 <= uint.MaxValue ? 8 : 16;
        w.PatchUInt32(dataOffsetPosition, (uint)(moofSize + mdatHeader));
        w.EndBox();
        w.WriteMediaDataHeader(total);
    }

    // ISO/IEC 23000-19 §7.3.2.1 styp brands: cmfs for a CMAF segment, msdh for a DASH media segment (ISO/IEC 23009-1
    // §6.3.4.2); not msix, which promises a sidx (§6.3.4.3) these segments do not have.
    private static void WriteSegmentType(BoxWriter w)
    {
        w.StartBox(BoxTypes.Styp);
        w.WriteFourCC(Msdh);
        w.WriteUInt32(0);
        w.WriteFourCC(Msdh);
        w.WriteFourCC(Cmfs);
        w.EndBox();
    }
}
