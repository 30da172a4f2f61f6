namespace Meridian.Media.Crypto;

/// <summary>
/// What encrypting one CMAF segment decided, kept so the segment can be produced again without planning it: the bytes
/// before the samples (<c>styp</c>, <c>moof</c> with <c>senc</c>, the <c>mdat</c> header) and each sample's <c>senc</c>
/// entry (IV, subsamples). With it, <see cref="CencSampleEncryptor.ReadEncryptedAsync"/> reads the samples straight into
/// their destination and encrypts them there, a cache-sized piece at a time. Immutable; it depends only on the track's
/// samples and the protection, so it is valid for as long as they are. Made by <see cref="CencSampleEncryptor.ExportPlan"/>.
/// </summary>
public sealed class CencSegmentPlan
{
    private readonly byte[] _header;
    private readonly byte[] _entries;
    private readonly int[] _entryStarts;

    internal CencSegmentPlan(uint trackId, int firstSample, int payloadLength, byte[] header, byte[] entries, int[] entryStarts)
    {
        TrackId = trackId;
        FirstSample = firstSample;
        PayloadLength = payloadLength;
        _header = header;
        _entries = entries;
        _entryStarts = entryStarts;
    }

    public uint TrackId { get; }

    public int FirstSample { get; }

    public int SampleCount => _entryStarts.Length - 1;

    /// <summary>Bytes of the segment before the samples.</summary>
    public ReadOnlyMemory<byte> Header => _header;

    /// <summary>Bytes of the samples (the <c>mdat</c> payload), clear or encrypted alike.</summary>
    public int PayloadLength { get; }

    /// <summary>Memory the plan holds, for caches that bound it.</summary>
    public int RetainedBytes => 64 + _header.Length + _entries.Length + (_entryStarts.Length * sizeof(int));

    /// <summary>The <c>senc</c> entries, back to back, of <paramref name="count"/> samples from <paramref name="offset"/> within the segment on.</summary>
    internal ReadOnlySpan<byte> Entries(int offset, int count) =>
        _entries.AsSpan(_entryStarts[offset], _entryStarts[offset + count] - _entryStarts[offset]);
}
