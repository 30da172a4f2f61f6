using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Meridian.Media.Crypto;

/// <summary>
/// <see cref="IvDerivation.SampleIv"/> for many samples of one track: one keyed HMAC and one input buffer for the whole
/// encryptor. The one-shot <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/> sets up a
/// native context per call, about three times the cost of the hash itself, and a segment needs one IV per sample.
/// </summary>
internal sealed class SampleIvGenerator : IDisposable
{
    private readonly HMACSHA256 _hmac;
    private readonly byte[] _input;
    private readonly byte[] _mac = new byte[HMACSHA256.HashSizeInBytes];

    public SampleIvGenerator(ContentKey key, uint trackId, ReadOnlySpan<byte> context)
    {
        ArgumentNullException.ThrowIfNull(key);
        _hmac = new HMACSHA256(key.Key.ToArray());

        // The same message as IvDerivation.SampleIv: label | track id | sample index | context.
        var label = IvDerivation.SampleLabel;
        _input = new byte[label.Length + 8 + context.Length];
        label.CopyTo(_input, 0);
        BinaryPrimitives.WriteUInt32BigEndian(_input.AsSpan(label.Length), trackId);
        context.CopyTo(_input.AsSpan(label.Length + 8));
    }

    /// <summary>Writes the 8-byte IV of <paramref name="sampleIndex"/> to <paramref name="destination"/>.</summary>
    public void SampleIv(int sampleIndex, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32BigEndian(_input.AsSpan(IvDerivation.SampleLabel.Length + 4), sampleIndex);
        if (!_hmac.TryComputeHash(_input, _mac, out _))
        {
            throw new CryptographicException("HMAC-SHA256 did not produce a full hash.");
        }

        _mac.AsSpan(0, IvDerivation.SampleIvLength).CopyTo(destination);
    }

    public void Dispose()
    {
        _hmac.Dispose();
        Array.Clear(_mac);
    }
}
