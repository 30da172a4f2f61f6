using System.Buffers;
using System.Buffers.Binary;
using Meridian.Media.Cmaf;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Packaging;
using Meridian.Media.Sources;
using Meridian.Media.Ts;

namespace Meridian.Media.Smooth;

/// <summary>
/// Writes a Smooth Streaming fragment ([MS-SSTR] 2.2.4): <c>moof</c>(<c>mfhd</c>, <c>traf</c>(<c>tfhd</c>, <c>trun</c>,
/// <c>tfxd</c>)) + <c>mdat</c>, in the order ffmpeg's ISMV muxer and IIS use, with times in 100-ns units.
/// </summary>
/// <remarks>
/// <para>Timing: <c>tfxd</c> carries the fragment's absolute decode time and duration from <see cref="SmoothTime"/>; trun
/// durations are differences of converted absolute times so they add up to the <c>tfxd</c> duration exactly. Smooth has no
/// edit list, so the edit-list media time (B-frame delay, AAC priming) is folded into the composition offsets
/// (presentation = decode + offset - edit media time, all converted exactly); a negative result makes the trun version 1
/// (signed offsets, ISO/IEC 14496-12 §8.8.8), which Chrome MSE through dash.js accepts.</para>
/// <para>dash.js's MSS module (5.x <c>MssFragmentMoofProcessor</c>) rewrites <c>tfhd</c> track id and flags, removes
/// <c>tfxd</c>, adds a <c>tfdt</c> from the manifest start time, and recomputes the trun data offset assuming
/// <c>mdat</c> follows <c>moof</c>; its generated <c>avcC</c> declares 4-byte NAL lengths, so H.264/H.265 samples with 1- or
/// 2-byte lengths are rewritten to 4-byte ones here.</para>
/// </remarks>
public static class SmoothFragmentWriter
{
    /// <summary>The <c>tfxd</c> extended type, [MS-SSTR] 2.2.4.4.</summary>
    public static ReadOnlySpan<byte> TfxdUserType =>
        [0x6D, 0x1D, 0x9B, 0x05, 0x42, 0xD5, 0x44, 0xE6, 0x80, 0xE2, 0x14, 0x1D, 0xAF, 0xF7, 0x57, 0xB2];

    private const uint TfhdDefaultSampleFlags = 0x000020;
    private const uint TrunDataOffset = 0x000001;
    private const uint TrunFirstSampleFlags = 0x000004;
    private const uint TrunDuration = 0x000100;
    private const uint TrunSize = 0x000200;
    private const uint TrunFlags = 0x000400;
    private const uint TrunCompositionOffsets = 0x000800;
    private const uint SyncSampleFlags = 0x02000000;
    private const uint NonSyncSampleFlags = 0x01010000;

    public static ValueTask WriteAsync(
        IRandomAccessSource source,
        TrackInfo track,
        int firstSample,
        int sampleCount,
        uint sequenceNumber,
        IBufferWriter<byte> output,
        CancellationToken cancellationToken = default) =>
        WriteAsync(source, track, firstSample, sampleCount, sequenceNumber, output, null, cancellationToken);

    /// <param name="source">The media file.</param>
    /// <param name="track">The track of the samples.</param>
    /// <param name="firstSample">Index of the first sample in the track.</param>
    /// <param name="sampleCount">Number of samples.</param>
    /// <param name="sequenceNumber">The <c>mfhd</c> sequence number.</param>
    /// <param name="output">Receives the fragment.</param>
    /// <param name="transform">Transforms each sample after NAL lengths are widened to 4 bytes (PlayReady/PIFF encryption)
    /// and adds its boxes at the end of the <c>traf</c>; null writes clear fragments.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async ValueTask WriteAsync(
        IRandomAccessSource source,
        TrackInfo track,
        int firstSample,
        int sampleCount,
        uint sequenceNumber,
        IBufferWriter<byte> output,
        ICmafSampleTransform? transform,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(output);
        var samples = track.Samples;
        var data = await SampleDataReader.ReadAsync(source, samples, firstSample, sampleCount, cancellationToken);
        PooledBuffer? rewritten = null;
        try
        {
            var sizes = new int[sampleCount];
            Span<byte> payload;
            var nal = track.IsVideo && (track.Codec.ConfigurationType == BoxTypes.AvcC || track.Codec.ConfigurationType == BoxTypes.HvcC)
                ? NalConfiguration.From(track.Codec)
                : null;
            long total = 0;
            for (var i = 0; i < sampleCount; i++)
            {
                sizes[i] = (int)samples.Sizes[firstSample + i];
                total += sizes[i];
            }

            if (nal is not null && nal.LengthSize != 4)
            {
                rewritten = new PooledBuffer((int)Math.Min(total * 2, SampleDataReader.MaxSegmentBytes));
                var position = 0;
                for (var i = 0; i < sampleCount; i++)
                {
                    var before = rewritten.Length;
                    WidenNalLengths(data.AsSpan(position, sizes[i]), nal.LengthSize, rewritten, track.TrackId, firstSample + i);
                    position += sizes[i];
                    sizes[i] = rewritten.Length - before;
                }

                payload = rewritten.Span(0, rewritten.Length);
            }
            else
            {
                payload = data.AsSpan(0, (int)total);
            }

            // A copying transform (PIFF CENC) encrypts while WriteFragment copies the samples into the mdat.
            if (transform is not null)
            {
                var position = 0;
                for (var i = 0; i < sampleCount; i++)
                {
                    if (transform is ICmafCopyingSampleTransform copying)
                    {
                        copying.PlanSample(firstSample + i, payload.Slice(position, sizes[i]));
                    }
                    else
                    {
                        transform.TransformSample(firstSample + i, payload.Slice(position, sizes[i]));
                    }

                    position += sizes[i];
                }
            }

            WriteFragment(track, firstSample, sampleCount, sequenceNumber, sizes, payload, output, transform);
        }
        finally
        {
            rewritten?.Dispose();
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private static void WriteFragment(
        TrackInfo track, int first, int count, uint sequenceNumber, int[] sizes, ReadOnlySpan<byte> payload, IBufferWriter<byte> output,
        ICmafSampleTransform? transform)
    {
        var samples = track.Samples;
        var offsets = new long[count];
        var anyOffset = false;
        var negative = false;

        // A Smooth client places a fragment at its manifest time (c@t: the presentation time of its first sample, 0 for
        // the first fragment) and ignores tfxd on demand (MS-SSTR §2.2.4.4); each sample then sits at that time plus the
        // durations before it, plus its composition offset. So the offsets are taken from that timeline, not from the
        // decode times: measured from decode times, AAC priming or a B-frame delay would count twice.
        var start = SegmentPlanner.PresentationTime(track, first);
        var fragmentTime = SmoothTime.FromTrack(first == 0 ? Math.Max(0, start) : start, track.Timescale);
        var slot = fragmentTime;
        for (var i = 0; i < count; i++)
        {
            var presentation = SmoothTime.FromTrack(SegmentPlanner.PresentationTime(track, first + i), track.Timescale);
            offsets[i] = presentation - slot;
            slot += SmoothTime.SampleDuration(track, first + i);
            if (offsets[i] is > int.MaxValue or < int.MinValue)
            {
                throw new MediaFormatException($"Track {track.TrackId} sample {first + i}: composition offset out of range.");
            }

            anyOffset |= offsets[i] != 0;
            negative |= offsets[i] < 0;
        }

        var defaultFlags = FlagsOf(samples, count > 1 ? first + 1 : first);
        var uniform = true;
        for (var i = first + 1; i < first + count; i++)
        {
            uniform &= FlagsOf(samples, i) == defaultFlags;
        }

        var firstFlags = FlagsOf(samples, first);
        var trunFlags = TrunDataOffset | TrunDuration | TrunSize | (anyOffset ? TrunCompositionOffsets : 0)
            | (!uniform ? TrunFlags : firstFlags != defaultFlags ? TrunFirstSampleFlags : 0);

        var w = new BoxWriter(output);
        var moofStart = w.Position;
        w.StartBox(BoxTypes.Moof);
        w.StartFullBox(BoxTypes.Mfhd, 0, 0);
        w.WriteUInt32(sequenceNumber);
        w.EndBox();
        w.StartBox(BoxTypes.Traf);
        w.StartFullBox(BoxTypes.Tfhd, 0, TfhdDefaultSampleFlags);
        w.WriteUInt32(track.TrackId);
        w.WriteUInt32(defaultFlags);
        w.EndBox();

        w.StartFullBox(BoxTypes.Trun, negative ? (byte)1 : (byte)0, trunFlags);
        w.WriteUInt32((uint)count);
        var dataOffsetPosition = w.Position;
        w.WriteInt32(0);
        if ((trunFlags & TrunFirstSampleFlags) != 0)
        {
            w.WriteUInt32(firstFlags);
        }

        long duration = 0;
        for (var i = 0; i < count; i++)
        {
            var d = SmoothTime.SampleDuration(track, first + i);
            if (d is < 0 or > uint.MaxValue)
            {
                throw new MediaFormatException($"Track {track.TrackId} sample {first + i}: duration out of range.");
            }

            duration += d;
            w.WriteUInt32((uint)d);
            w.WriteUInt32((uint)sizes[i]);
            if ((trunFlags & TrunFlags) != 0)
            {
                w.WriteUInt32(FlagsOf(samples, first + i));
            }

            if (anyOffset)
            {
                w.WriteInt32((int)offsets[i]);
            }
        }

        w.EndBox();

        w.StartBox(BoxTypes.Uuid);
        w.WriteBytes(TfxdUserType);
        w.WriteUInt32(0x01000000);
        w.WriteUInt64((ulong)fragmentTime);
        w.WriteUInt64((ulong)duration);
        w.EndBox();
        transform?.WriteTrackFragmentBoxes(w, moofStart, first, count);
        w.EndBox();

        // The moof is still staged, so its final size is known and the data offset (from the moof start, the default base
        // when tfhd has no base-data-offset) can be patched before it is flushed.
        var moofSize = w.Position - moofStart;
        var mdatHeader = payload.Length + 8L <= uint.MaxValue ? 8 : 16;
        w.PatchUInt32(dataOffsetPosition, (uint)(moofSize + mdatHeader));
        w.EndBox();
        w.WriteMediaDataHeader(payload.Length);
        if (transform is ICmafCopyingSampleTransform copying)
        {
            copying.CopySamples(payload, w.GetSpan(payload.Length));
            w.Advance(payload.Length);
        }
        else
        {
            w.WriteBytes(payload);
        }
    }

    private static uint FlagsOf(SampleIndex samples, int index) => samples.IsSync(index) ? SyncSampleFlags : NonSyncSampleFlags;

    private static void WidenNalLengths(ReadOnlySpan<byte> sample, int lengthSize, PooledBuffer output, uint trackId, int index)
    {
        var offset = 0;
        while (offset < sample.Length)
        {
            if (sample.Length - offset < lengthSize)
            {
                throw new MediaFormatException($"Track {trackId} sample {index}: too few bytes left for a NAL length.");
            }

            var length = lengthSize == 1 ? sample[offset] : BinaryPrimitives.ReadUInt16BigEndian(sample[offset..]);
            offset += lengthSize;
            if (length > sample.Length - offset)
            {
                throw new MediaFormatException($"Track {trackId} sample {index}: NAL unit length {length} does not fit the sample.");
            }

            var span = output.Append(4 + length);
            BinaryPrimitives.WriteUInt32BigEndian(span, (uint)length);
            sample.Slice(offset, length).CopyTo(span[4..]);
            offset += length;
        }
    }
}
