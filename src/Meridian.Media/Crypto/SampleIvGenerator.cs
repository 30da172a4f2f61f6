using System.Buffers.Binary;

namespace Meridian.Media.Crypto;

/// <summary>
/// <see cref="IvDerivation.SampleIv"/> for many samples of one track: the track's base IV is derived once (one HMAC),
/// then each sample's IV is an addition.
/// </summary>
internal sealed class SampleIvGenerator
{
    private readonly ulong _base;

    public SampleIvGenerator(ContentKey key, uint trackId, ReadOnlySpan<byte> context)
    {
        _base = IvDerivation.TrackBaseIv(key, trackId, context);
    }

    /// <summary>Writes the 8-byte IV of <paramref name="sampleIndex"/> to <paramref name="destination"/>.</summary>
    public void SampleIv(int sampleIndex, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleIndex);
        BinaryPrimitives.WriteUInt64BigEndian(destination[..IvDerivation.SampleIvLength], unchecked(_base + (ulong)sampleIndex));
    }
}
