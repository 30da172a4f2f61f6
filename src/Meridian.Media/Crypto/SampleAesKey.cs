namespace Meridian.Media.Crypto;

/// <summary>
/// The key and IV of an HLS <c>METHOD=SAMPLE-AES</c> elementary stream in MPEG-TS (Apple, "MPEG-2 Stream Encryption Format
/// for HTTP Live Streaming"). The playlist states the IV explicitly, so every protected block (NAL unit or audio frame)
/// starts its CBC chain from it.
/// </summary>
public sealed record SampleAesKey
{
    public SampleAesKey(ContentKey key, ReadOnlyMemory<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (iv.Length != IvDerivation.BlockIvLength)
        {
            throw new ArgumentException($"A SAMPLE-AES IV is {IvDerivation.BlockIvLength} bytes, not {iv.Length}.", nameof(iv));
        }

        Key = key;
        Iv = iv;
    }

    public ContentKey Key { get; }

    public ReadOnlyMemory<byte> Iv { get; }
}
