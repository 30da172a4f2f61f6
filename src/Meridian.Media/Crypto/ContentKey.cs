namespace Meridian.Media.Crypto;

/// <summary>
/// A content key: the key id players and licence servers name it by, and the 16-byte AES-128 key. Every encryption
/// scheme here (CENC <c>cenc</c>/<c>cbcs</c> and HLS AES-128) uses 128-bit keys.
/// </summary>
public sealed class ContentKey
{
    /// <summary>Length of an AES-128 key in bytes.</summary>
    public const int KeyLength = 16;

    private readonly byte[] _key;

    public ContentKey(Guid keyId, ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"A content key is {KeyLength} bytes, not {key.Length}.", nameof(key));
        }

        KeyId = keyId;
        _key = key.ToArray();
    }

    public Guid KeyId { get; }

    /// <summary>The AES-128 key bytes.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>The key id as the big-endian UUID bytes written in <c>tenc</c> and <c>pssh</c>.</summary>
    public byte[] KeyIdBytes() => UuidBytes.ToBigEndian(KeyId);
}
