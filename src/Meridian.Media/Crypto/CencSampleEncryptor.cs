using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Meridian.Media.Cmaf;
using Meridian.Media.Codecs;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Sources;
using Meridian.Media.Ts;

namespace Meridian.Media.Crypto;

/// <summary>
/// Encrypts the samples of one track's media segments in place and writes their sample auxiliary information
/// (<c>saiz</c>, <c>saio</c>, <c>senc</c>; ISO/IEC 14496-12 §8.7.8-9, ISO/IEC 23001-7 §7). Create one per segment request
/// with <see cref="CencProtection.CreateEncryptor"/>; it may serve several segments in turn, not concurrently.
/// </summary>
/// <remarks>
/// <para>Audio: <c>cenc</c> encrypts the whole sample with AES-CTR; <c>cbcs</c> encrypts its whole 16-byte blocks with
/// AES-CBC from the constant IV and leaves a trailing partial block clear. <c>cbcs</c> audio has no auxiliary
/// information (constant IV, no subsamples), so no boxes are added, as Shaka Packager does.</para>
/// <para>Video (H.264/H.265, length-prefixed NAL units): non-VCL NAL units (parameter sets, SEI, AUD) stay clear. In a slice
/// NAL unit the length prefix, the NAL header and the slice header stay clear: <see cref="SliceHeaderLocator"/> parses the
/// slice header against the track's parameter sets (ISO/IEC 23001-7 §9.5.2 and §10.2). <c>cenc</c> then protects the
/// largest whole number of 16-byte blocks at the end of the unit, moving the leftover into the clear part (block-aligned
/// ranges, as Shaka Packager and Bento4 write them); <c>cbcs</c> protects everything after the slice header in the 1:9
/// pattern with the IV reset per subsample, leaving a trailing partial block clear. A unit with less than one block after
/// its header stays clear. A slice header the parser cannot read (corrupt, or syntax it refuses such as H.264 data
/// partitioning) falls back to a fixed lead: 32 bytes for <c>cbcs</c> as Apple's SAMPLE-AES has it, the NAL header for
/// <c>cenc</c>; that still decrypts, but a decoder that parses slice headers before decrypting may reject it.</para>
/// <para>For Smooth Streaming (<see cref="CencProtection.CreateSmoothEncryptor"/>) the samples have 4-byte NAL lengths (the
/// Smooth writer widens them) and the sample encryption box is PIFF 1.1's <c>uuid</c> form, which dash.js's MSS module turns
/// back into <c>senc</c> and PlayReady Smooth clients read natively.</para>
/// <para>Per-sample <c>cenc</c> IVs come from <see cref="IvDerivation.SampleIv"/>: the track's base IV plus the sample's index in
/// the track, so any segmentation of the same samples yields the same bytes.</para>
/// <para>The segment writers use the copying form (<see cref="ICmafCopyingSampleTransform"/>): every sample is planned (IV and
/// subsamples recorded as its <c>senc</c> entry), the boxes written, and then the samples encrypted from the read buffer
/// straight into the <c>mdat</c> as their recorded entries say (<c>cbcs</c>: copied, then the CBC chains of all ranges run
/// four at a time); <see cref="TransformSample"/> does both steps for one sample in place. The origin's first build reads the
/// samples into place instead and plans and encrypts each cache-sized piece there (<see cref="ReadAndEncryptAsync"/>), the
/// boxes written after. What the planning decided can be kept (<see cref="ExportPlan"/>); <see cref="ReadEncryptedAsync"/>
/// then produces the same samples again without planning them, reading each piece straight into place and encrypting it
/// there.</para>
/// </remarks>
public sealed class CencSampleEncryptor : ICmafCopyingSampleTransform, IDisposable
{
    private const int CbcsClearLead = 32;
    private const int MaxClearPerSubsample = ushort.MaxValue;
    private const uint SubsampleFlag = 0x2;

    /// <summary>PIFF 1.1 §5.3.2 SampleEncryptionBox extended type; its payload is that of <c>senc</c>.</summary>
    public static ReadOnlySpan<byte> PiffSampleEncryptionUserType =>
        [0xA2, 0x39, 0x4F, 0x52, 0x5A, 0x9B, 0x4F, 0x14, 0xA2, 0x44, 0x6C, 0x42, 0x7C, 0x64, 0x8D, 0xF4];

    private readonly CencProtection _protection;
    private readonly TrackInfo _track;
    private readonly NalConfiguration? _nal;
    private SliceHeaderLocator? _slices;
    private bool _slicesCreated;
    private readonly int _lengthSize;
    private readonly bool _piff;
    private readonly byte[] _ivContext;
    private readonly AesCtrCipher? _ctr;
    private SampleIvGenerator? _ivs;
    private readonly AesCbcPatternCipher? _cbc;
    private readonly int _crypt;
    private readonly int _skip;
    private readonly ArrayBufferWriter<byte> _aux = new();
    private readonly List<int> _auxSizes = [];
    private readonly List<(int Clear, int Protected)> _ranges = [];
    private readonly List<int> _sampleSizes = [];
    private readonly List<(int Offset, int Length)> _protectedRanges = [];
    private int _firstSample = -1;
    private int _applied;
    private long _plannedBytes;
    private bool _copying;
    private bool _finished;
    private bool _disposed;

    internal CencSampleEncryptor(CencProtection protection, TrackInfo track, int? nalLengthSize = null, bool piff = false)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(track);
        if (!track.IsVideo && !track.IsAudio)
        {
            throw new MediaFormatException($"Track {track.TrackId} ('{track.Handler}') is neither video nor audio and cannot be encrypted.");
        }

        _protection = protection;
        _track = track;
        _nal = track.IsVideo ? NalConfiguration.From(track.Codec) : null;
        _lengthSize = nalLengthSize ?? _nal?.LengthSize ?? 0;
        _piff = piff;

        // Smooth samples may differ from the CMAF ones (widened NAL lengths), so they get their own IVs: one keystream must
        // never cover two different plaintexts.
        _ivContext = piff ? [.. protection.IvContext, .. "/piff"u8] : protection.IvContext.ToArray();
        (_crypt, _skip) = protection.PatternFor(track);
        if (protection.Scheme == EncryptionScheme.Cenc)
        {
            _ctr = new AesCtrCipher(protection.Key.Key);
        }
        else
        {
            _cbc = new AesCbcPatternCipher(protection.Key.Key);
        }
    }

    /// <summary>
    /// How much <see cref="ReadEncryptedAsync"/> and <see cref="ReadAndEncryptAsync"/> read before they encrypt: 256 KiB,
    /// well inside a core's L2.
    /// </summary>
    internal int PieceBytes { get; init; } = 256 * 1024;

    private bool HasAuxiliaryInformation => _protection.Scheme == EncryptionScheme.Cenc || _nal is not null;

    public void TransformSample(int sampleIndex, Span<byte> sample)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ResetIfFinished();
        if (_applied != _auxSizes.Count)
        {
            throw new InvalidOperationException("Planned samples of this segment have not been copied yet.");
        }

        var entryStart = _aux.WrittenCount;
        Plan(sampleIndex, sample);
        Apply(_aux.WrittenSpan[entryStart..], sample, sample);
        _applied++;
    }

    public void PlanSample(int sampleIndex, ReadOnlySpan<byte> sample)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ResetIfFinished();
        if (_applied != 0 || _copying)
        {
            throw new InvalidOperationException("Samples of one segment are either all transformed in place or all planned and copied.");
        }

        Plan(sampleIndex, sample);
    }

    public void CopySamples(ReadOnlySpan<byte> samples, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_copying)
        {
            throw new InvalidOperationException("Samples are copied after they were planned and their boxes written.");
        }

        if (samples.Length != _plannedBytes)
        {
            throw new ArgumentException($"The planned samples hold {_plannedBytes} bytes, not {samples.Length}.", nameof(samples));
        }

        if (destination.Length < samples.Length || samples.Overlaps(destination))
        {
            throw new ArgumentException("The destination must be as long as the samples and apart from them.", nameof(destination));
        }

        destination = destination[..samples.Length];
        if (_ctr is not null)
        {
            // CTR runs at the AES units' throughput within one sample already: sample by sample, copy and encrypt in one pass.
            var position = 0;
            var cursor = 0;
            for (var i = 0; i < _auxSizes.Count; i++)
            {
                var size = _sampleSizes[i];
                Apply(_aux.WrittenSpan.Slice(cursor, _auxSizes[i]), samples.Slice(position, size), destination.Slice(position, size));
                cursor += _auxSizes[i];
                position += size;
            }
        }
        else
        {
            // Each cbcs range is its own CBC chain, latency-bound alone: copy everything, then encrypt the ranges of all
            // samples together, four chains at a time.
            samples.CopyTo(destination);
            _protectedRanges.Clear();
            var position = 0;
            var cursor = 0;
            for (var i = 0; i < _sampleSizes.Count; i++)
            {
                AddProtectedRanges(_aux.WrittenSpan.Slice(cursor, _auxSizes[i]), position, _sampleSizes[i]);
                cursor += _auxSizes[i];
                position += _sampleSizes[i];
            }

            _cbc!.EncryptRanges(_protection.ConstantIv, destination, CollectionsMarshal.AsSpan(_protectedRanges), _crypt, _skip);
        }

        ResetSegment();
    }

    /// <summary>
    /// Once the boxes of a segment are written (after <see cref="CmafMediaSegmentWriter.WriteHeaderAsync"/> and before
    /// <see cref="CopySamples"/>, or after <see cref="ReadAndEncryptAsync"/> and
    /// <see cref="CmafMediaSegmentWriter.WriteTransformedHeader"/>): what was planned for it, with <paramref name="header"/>
    /// (the bytes before the samples), so <see cref="ReadEncryptedAsync"/> can produce the same segment again without
    /// planning it.
    /// </summary>
    public CencSegmentPlan ExportPlan(ReadOnlySpan<byte> header)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_copying && !_finished)
        {
            throw new InvalidOperationException("A plan is exported after the samples were planned and their boxes written, before they are copied.");
        }

        if (!EndsWithMediaDataHeader(header, _plannedBytes))
        {
            throw new ArgumentException("The header does not end with the mdat header of the planned samples.", nameof(header));
        }

        var starts = new int[_auxSizes.Count + 1];
        for (var i = 0; i < _auxSizes.Count; i++)
        {
            starts[i + 1] = starts[i] + _auxSizes[i];
        }

        return new CencSegmentPlan(_track.TrackId, _firstSample, (int)_plannedBytes, header.ToArray(), _aux.WrittenSpan.ToArray(), starts);
    }

    /// <summary>
    /// Writes the encrypted samples of a planned segment (<see cref="ExportPlan"/>, from an encryptor of the same protection
    /// and track) to <paramref name="destination"/>: each piece of about <see cref="PieceBytes"/> is read from
    /// <paramref name="source"/> straight into place and encrypted there while it is still in cache, so the samples pass
    /// through memory as often as clear ones do. The bytes are those <see cref="CopySamples"/> writes.
    /// </summary>
    public async ValueTask ReadEncryptedAsync(
        IRandomAccessSource source, CencSegmentPlan plan, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);
        ObjectDisposedException.ThrowIf(_disposed, this);
        StartWholeSegment();

        var samples = _track.Samples;
        if (plan.TrackId != _track.TrackId || plan.FirstSample > samples.Count - plan.SampleCount ||
            SampleDataReader.TotalBytes(samples, plan.FirstSample, plan.SampleCount) != plan.PayloadLength)
        {
            throw new ArgumentException($"The plan is not one of track {_track.TrackId}'s segments.", nameof(plan));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, plan.PayloadLength, nameof(destination));
        await ReadInPiecesAsync(source, plan.FirstSample, plan.SampleCount, destination,
            (offset, count, piece) => EncryptInPlace(plan.FirstSample + offset, count, plan.Entries(offset, count), piece.Span), cancellationToken);
    }

    /// <summary>
    /// The first build of a segment without a copy: reads samples <paramref name="firstSample"/> to
    /// <paramref name="firstSample"/> + <paramref name="sampleCount"/> - 1 into <paramref name="destination"/> a piece of
    /// about <see cref="PieceBytes"/> at a time, and plans and encrypts each piece there while it is still in cache. Then
    /// <see cref="CmafMediaSegmentWriter.WriteTransformedHeader"/> writes the bytes that go before the samples, and
    /// <see cref="ExportPlan"/> may keep the plan. The bytes are those <see cref="TransformSample"/> and
    /// <see cref="CopySamples"/> produce.
    /// </summary>
    /// <returns>The samples' total length.</returns>
    public async ValueTask<int> ReadAndEncryptAsync(
        IRandomAccessSource source, int firstSample, int sampleCount, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ObjectDisposedException.ThrowIf(_disposed, this);
        StartWholeSegment();

        var samples = _track.Samples;
        ArgumentOutOfRangeException.ThrowIfNegative(firstSample);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSample, samples.Count - sampleCount);
        var total = SampleDataReader.TotalBytes(samples, firstSample, sampleCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, total, nameof(destination));
        try
        {
            await ReadInPiecesAsync(source, firstSample, sampleCount, destination, PlanAndEncryptInPlace, cancellationToken);
        }
        catch
        {
            // Half a segment planned is no segment: the encryptor starts the next one clean.
            ResetSegment();
            throw;
        }

        return total;

        void PlanAndEncryptInPlace(int offset, int count, Memory<byte> piece)
        {
            var entries = _aux.WrittenCount;
            var span = piece.Span;
            var position = 0;
            for (var i = firstSample + offset; i < firstSample + offset + count; i++)
            {
                var size = (int)samples.Sizes[i];
                Plan(i, span.Slice(position, size));
                position += size;
            }

            EncryptInPlace(firstSample + offset, count, _aux.WrittenSpan[entries..], span);
            _applied += count;
        }
    }

    public void WriteTrackFragmentBoxes(BoxWriter writer, long moofStart, int firstSample, int sampleCount)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_copying || _finished || firstSample != _firstSample || sampleCount != _auxSizes.Count)
        {
            throw new InvalidOperationException($"Samples {firstSample}+{sampleCount} were not the ones transformed ({_firstSample}+{_auxSizes.Count}).");
        }

        if (HasAuxiliaryInformation)
        {
            WriteAuxiliaryInformation(writer, moofStart, sampleCount);
        }

        if (_applied == _auxSizes.Count)
        {
            // Encrypted in place: the segment is complete, its plan kept for ExportPlan until the next one starts.
            _finished = true;
        }
        else
        {
            // Planned samples: their aux entries drive the copies that follow.
            _copying = true;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _ctr?.Dispose();
        _cbc?.Dispose();
    }

    // Adds the cbcs ranges of one sample, at position in the samples' concatenation: the whole sample for audio, the
    // protected part of each subsample for video.
    private void AddProtectedRanges(ReadOnlySpan<byte> entry, int position, int sampleSize)
    {
        if (_nal is null)
        {
            _protectedRanges.Add((position, sampleSize));
            return;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(entry);
        for (var j = 0; j < count; j++)
        {
            position += BinaryPrimitives.ReadUInt16BigEndian(entry[(2 + (j * 6))..]);
            var protectedBytes = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[(4 + (j * 6))..]);
            if (protectedBytes > 0)
            {
                _protectedRanges.Add((position, protectedBytes));
                position += protectedBytes;
            }
        }
    }

    // Reads the samples into destination in pieces of whole samples up to PieceBytes (at least one sample), handing each piece
    // (its first sample's offset in the run, its sample count, its bytes) to encrypt while it is still in cache.
    private async ValueTask ReadInPiecesAsync(
        IRandomAccessSource source, int firstSample, int sampleCount, Memory<byte> destination, Action<int, int, Memory<byte>> encrypt,
        CancellationToken cancellationToken)
    {
        var samples = _track.Samples;
        var position = 0;
        var offset = 0;
        while (offset < sampleCount)
        {
            var count = 0;
            var bytes = 0;
            do
            {
                bytes += (int)samples.Sizes[firstSample + offset + count];
                count++;
            }
            while (offset + count < sampleCount && bytes + samples.Sizes[firstSample + offset + count] <= PieceBytes);

            var piece = destination.Slice(position, bytes);
            await SampleDataReader.ReadIntoAsync(source, samples, firstSample + offset, count, piece, cancellationToken);
            encrypt(offset, count, piece);
            position += bytes;
            offset += count;
        }
    }

    // Encrypts count samples from firstSample on, lying back to back in samples, as their senc entries (back to back in
    // entries) say.
    private void EncryptInPlace(int firstSample, int count, ReadOnlySpan<byte> entries, Span<byte> samples)
    {
        var sizes = _track.Samples.Sizes;
        var position = 0;
        var cursor = 0;
        if (_ctr is not null)
        {
            for (var i = firstSample; i < firstSample + count; i++)
            {
                var sample = samples.Slice(position, (int)sizes[i]);
                var entry = entries[cursor..][..EntryLength(entries[cursor..])];
                Apply(entry, sample, sample);
                position += sample.Length;
                cursor += entry.Length;
            }

            return;
        }

        _protectedRanges.Clear();
        for (var i = firstSample; i < firstSample + count; i++)
        {
            var size = (int)sizes[i];
            var entry = entries[cursor..][..EntryLength(entries[cursor..])];
            AddProtectedRanges(entry, position, size);
            position += size;
            cursor += entry.Length;
        }

        _cbc!.EncryptRanges(_protection.ConstantIv, samples, CollectionsMarshal.AsSpan(_protectedRanges), _crypt, _skip);
        _protectedRanges.Clear();
    }

    // Length of the senc entry at the start of entries (ISO/IEC 23001-7 §7.2): the IV (cenc), then (video) the subsample
    // count and six bytes per subsample. cbcs audio has empty entries.
    private int EntryLength(ReadOnlySpan<byte> entries)
    {
        var iv = _ctr is null ? 0 : IvDerivation.SampleIvLength;
        return _nal is null ? iv : iv + 2 + (6 * BinaryPrimitives.ReadUInt16BigEndian(entries[iv..]));
    }

    // ISO/IEC 14496-12 §8.1.1: the mdat header, compact or with a 64-bit size, for payload bytes.
    private static bool EndsWithMediaDataHeader(ReadOnlySpan<byte> header, long payload) =>
        (header.Length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(header[^4..]) == BoxTypes.Mdat.Value &&
            BinaryPrimitives.ReadUInt32BigEndian(header[^8..]) == payload + 8) ||
        (header.Length >= 16 && BinaryPrimitives.ReadUInt32BigEndian(header[^16..]) == 1 &&
            BinaryPrimitives.ReadUInt32BigEndian(header[^12..]) == BoxTypes.Mdat.Value &&
            BinaryPrimitives.ReadUInt64BigEndian(header[^8..]) == (ulong)payload + 16);

    private void ResetSegment()
    {
        _aux.ResetWrittenCount();
        _auxSizes.Clear();
        _sampleSizes.Clear();
        _protectedRanges.Clear();
        _firstSample = -1;
        _applied = 0;
        _plannedBytes = 0;
        _copying = false;
        _finished = false;
    }

    // For the calls that read a whole segment from the file: the last one may be finished, not half done.
    private void StartWholeSegment()
    {
        if (_piff)
        {
            throw new InvalidOperationException("Smooth samples are rewritten (4-byte NAL lengths) before they are encrypted; they cannot be read and encrypted as stored.");
        }

        ResetIfFinished();
        if (_auxSizes.Count != 0)
        {
            throw new InvalidOperationException("This encryptor is in the middle of another segment.");
        }
    }

    private void ResetIfFinished()
    {
        if (_finished)
        {
            ResetSegment();
        }
    }

    // §8.7.8 saiz, §8.7.9 saio (one chunk: the senc entries, offset from the moof), ISO/IEC 23001-7 §7.2 senc.
    private void WriteAuxiliaryInformation(BoxWriter writer, long moofStart, int sampleCount)
    {
        var uniform = true;
        foreach (var size in _auxSizes)
        {
            uniform &= size == _auxSizes[0];
        }

        var saizSize = 12 + 1 + 4 + (uniform ? 0 : sampleCount);
        const int SaioSize = 12 + 4 + 4;
        var sencHeader = _piff ? 8 + 16 + 4 + 4 : 12 + 4;
        var auxOffset = writer.Position + saizSize + SaioSize + sencHeader - moofStart;

        writer.StartFullBox(CencBoxTypes.Saiz, 0, 0);
        writer.WriteUInt8(uniform ? (byte)_auxSizes[0] : (byte)0);
        writer.WriteUInt32((uint)sampleCount);
        if (!uniform)
        {
            foreach (var size in _auxSizes)
            {
                writer.WriteUInt8((byte)size);
            }
        }

        writer.EndBox();
        writer.StartFullBox(CencBoxTypes.Saio, 0, 0);
        writer.WriteUInt32(1);
        writer.WriteUInt32(checked((uint)auxOffset));
        writer.EndBox();
        var flags = _nal is null ? 0 : SubsampleFlag;
        if (_piff)
        {
            writer.StartBox(BoxTypes.Uuid);
            writer.WriteBytes(PiffSampleEncryptionUserType);
            writer.WriteUInt32(flags);
        }
        else
        {
            writer.StartFullBox(CencBoxTypes.Senc, 0, flags);
        }

        writer.WriteUInt32((uint)sampleCount);
        writer.WriteBytes(_aux.WrittenSpan);
        writer.EndBox();
    }

    // Records the sample's IV (cenc) and subsample layout (video) in the aux buffer; Apply then encrypts from that entry, so
    // in-place and copying encryption cannot disagree with the senc written.
    private void Plan(int sampleIndex, ReadOnlySpan<byte> sample)
    {
        if (_firstSample < 0)
        {
            _firstSample = sampleIndex;
        }
        else if (sampleIndex != _firstSample + _auxSizes.Count)
        {
            throw new InvalidOperationException($"Samples must be transformed in order: expected {_firstSample + _auxSizes.Count}, got {sampleIndex}.");
        }

        var start = _aux.WrittenCount;
        if (_ctr is not null)
        {
            // Derived on first use: an encryptor that only replays plans (ReadEncryptedAsync) never needs the HMAC.
            _ivs ??= new SampleIvGenerator(_protection.Key, _track.TrackId, _ivContext);
            _ivs.SampleIv(sampleIndex, _aux.GetSpan(IvDerivation.SampleIvLength));
            _aux.Advance(IvDerivation.SampleIvLength);
        }

        if (_nal is not null)
        {
            PlanNalUnits(sample);
        }

        var size = _aux.WrittenCount - start;
        if (size > byte.MaxValue)
        {
            throw new MediaFormatException($"Sample {sampleIndex} of track {_track.TrackId} has too many slices for 'saiz' (auxiliary information of {size} bytes).");
        }

        _auxSizes.Add(size);
        _sampleSizes.Add(sample.Length);
        _plannedBytes += sample.Length;
    }

    // Encrypts one sample from source to destination (the same span for in place) as its aux entry says: cenc resets the
    // counter to the sample IV and runs one keystream through all protected ranges; cbcs starts each range at the constant IV.
    private void Apply(ReadOnlySpan<byte> entry, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        if (_ctr is not null)
        {
            entry[..IvDerivation.SampleIvLength].CopyTo(iv);
            entry = entry[IvDerivation.SampleIvLength..];
            _ctr.Reset(iv);
        }
        else
        {
            _protection.ConstantIv.CopyTo(iv);
        }

        if (_nal is null)
        {
            EncryptRange(source, destination, iv);
            return;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(entry);
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            var clear = BinaryPrimitives.ReadUInt16BigEndian(entry[(2 + (i * 6))..]);
            var protectedBytes = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[(4 + (i * 6))..]);
            CopyClear(source.Slice(position, clear), destination[position..]);
            position += clear;
            if (protectedBytes > 0)
            {
                EncryptRange(source.Slice(position, protectedBytes), destination[position..], iv);
                position += protectedBytes;
            }
        }

        if (position != source.Length)
        {
            throw new InvalidOperationException($"The subsamples of a sample of track {_track.TrackId} cover {position} of its {source.Length} bytes.");
        }
    }

    private void EncryptRange(ReadOnlySpan<byte> source, Span<byte> destination, ReadOnlySpan<byte> iv)
    {
        if (_ctr is not null)
        {
            _ctr.Transform(source, destination);
        }
        else
        {
            CopyClear(source, destination);
            _cbc!.Encrypt(iv, destination[..source.Length], _crypt, _skip);
        }
    }

    private static void CopyClear(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // In place the bytes are already there.
        if (!source.Overlaps(destination))
        {
            source.CopyTo(destination);
        }
    }

    private void PlanNalUnits(ReadOnlySpan<byte> sample)
    {
        var nal = _nal!;
        var lengthSize = _lengthSize;
        var headerSize = nal.Codec == VideoCodec.H264 ? 1 : 2;
        _ranges.Clear();
        var clear = 0;
        var position = 0;
        while (position < sample.Length)
        {
            if (sample.Length - position < lengthSize)
            {
                throw new MediaFormatException($"A sample of track {_track.TrackId} ends inside a NAL unit length field.");
            }

            var length = 0L;
            for (var i = 0; i < lengthSize; i++)
            {
                length = (length << 8) | sample[position + i];
            }

            var payload = position + lengthSize;
            if (length > sample.Length - payload)
            {
                throw new MediaFormatException($"A NAL unit of track {_track.TrackId} runs past the end of its sample.");
            }

            var unit = sample.Slice(payload, (int)length);
            var clearInUnit = unit.Length < headerSize ? unit.Length
                : IsVideoCodingLayer(nal, unit) ? ClearBytes(unit, headerSize)
                : Observe(unit);
            clear += lengthSize + clearInUnit;
            if (clearInUnit < unit.Length)
            {
                _ranges.Add((clear, unit.Length - clearInUnit));
                clear = 0;
            }

            position = payload + (int)length;
        }

        if (clear > 0 || _ranges.Count == 0)
        {
            _ranges.Add((clear, 0));
        }

        var count = 0;
        foreach (var (rangeClear, _) in _ranges)
        {
            count += 1 + ((Math.Max(rangeClear, 1) - 1) / MaxClearPerSubsample);
        }

        Span<byte> entry = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(entry, checked((ushort)count));
        _aux.Write(entry[..2]);
        foreach (var (rangeClear, rangeProtected) in _ranges)
        {
            var remaining = rangeClear;
            while (remaining > MaxClearPerSubsample)
            {
                BinaryPrimitives.WriteUInt16BigEndian(entry, MaxClearPerSubsample);
                BinaryPrimitives.WriteUInt32BigEndian(entry[2..], 0);
                _aux.Write(entry);
                remaining -= MaxClearPerSubsample;
            }

            BinaryPrimitives.WriteUInt16BigEndian(entry, (ushort)remaining);
            BinaryPrimitives.WriteUInt32BigEndian(entry[2..], (uint)rangeProtected);
            _aux.Write(entry);
        }
    }

    // Clear bytes at the start of a VCL NAL unit: NAL and slice header, plus (cenc) the leftover of whole blocks; the whole
    // unit when less than one block follows the header.
    private int ClearBytes(ReadOnlySpan<byte> unit, int nalHeaderSize)
    {
        int header;
        try
        {
            header = Slices()?.ClearHeaderBytes(unit) ?? throw new MediaFormatException("No slice header parser.");
        }
        catch (MediaFormatException)
        {
            header = _protection.Scheme == EncryptionScheme.Cbcs ? Math.Min(CbcsClearLead, unit.Length) : nalHeaderSize;
        }

        var body = unit.Length - header;
        if (body < 16)
        {
            return unit.Length;
        }

        return _protection.Scheme == EncryptionScheme.Cbcs ? header : unit.Length - (body / 16 * 16);
    }

    // A non-VCL unit stays clear; in-band parameter sets (avc3/hev1) still update the slice header parser's tables.
    private int Observe(ReadOnlySpan<byte> unit)
    {
        try
        {
            Slices()?.ClearHeaderBytes(unit);
        }
        catch (MediaFormatException)
        {
            // A parameter set it cannot read: slices that refer to it fall back to the fixed lead.
        }

        return unit.Length;
    }

    // Made on first use: an encryptor that only replays plans never parses a slice header. Parameter sets the parser refuses
    // leave it unprimed; slices then fall back to the fixed lead (see remarks).
    private SliceHeaderLocator? Slices()
    {
        if (!_slicesCreated)
        {
            _slicesCreated = true;
            try
            {
                _slices = new SliceHeaderLocator(_nal!);
            }
            catch (MediaFormatException)
            {
                _slices = null;
            }
        }

        return _slices;
    }

    // H.264 (ITU-T H.264 Table 7-1) slice types 1-5; H.265 (Table 7-1) VCL types 0-31.
    private static bool IsVideoCodingLayer(NalConfiguration nal, ReadOnlySpan<byte> unit)
    {
        var type = nal.NalType(unit[0]);
        return nal.Codec == VideoCodec.H264 ? type is >= 1 and <= 5 : type <= 31;
    }
}
