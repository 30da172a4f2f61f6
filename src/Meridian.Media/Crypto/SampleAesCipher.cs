namespace Meridian.Media.Crypto;

/// <summary>
/// The protected-block layouts of Apple's "MPEG-2 Stream Encryption Format for HTTP Live Streaming" (HLS
/// <c>SAMPLE-AES</c> on MPEG-TS), AES-128-CBC without padding, the chain restarting from the playlist IV at every block:
/// <list type="bullet">
/// <item>H.264 (§2.2): NAL units of type 1 and 5 longer than <see cref="VideoClearLead"/> + 16 bytes. The first 32 bytes
/// stay clear; then one 16-byte block is encrypted whenever more than 16 bytes remain, followed by up to 144 clear bytes
/// (the 1:9 pattern). The chain runs through the encrypted blocks only.</item>
/// <item>AAC (§2.3.2): the raw frame after its ADTS header. The first <see cref="AudioClearLead"/> bytes stay clear, every
/// following whole block is encrypted and a trailing partial block stays clear.</item>
/// </list>
/// </summary>
/// <remarks>
/// Emulation prevention is not this type's business: the TS writer encrypts each NAL unit as the MP4 stores it (already
/// escaped) and escapes the result again, so a client that removes one layer of <c>0x000003</c> and decrypts (ffmpeg's
/// <c>hls_sample_encryption.c</c>, hls.js's <c>sample-aes.ts</c>) gets back the stored NAL unit byte for byte.
/// </remarks>
public sealed class SampleAesCipher : IDisposable
{
    /// <summary>Clear bytes at the start of a video NAL unit: the header byte and 31 more.</summary>
    public const int VideoClearLead = 32;

    /// <summary>Clear bytes at the start of a raw AAC frame (after the ADTS header).</summary>
    public const int AudioClearLead = 16;

    private const int Block = 16;
    private const int VideoSkipBlocks = 9;

    private readonly AesCbcPatternCipher _cbc;
    private readonly byte[] _iv;

    public SampleAesCipher(SampleAesKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _cbc = new AesCbcPatternCipher(key.Key.Key);
        _iv = key.Iv.ToArray();
    }

    /// <summary>Whether an H.264 NAL unit of this type and length carries encrypted blocks.</summary>
    public static bool EncryptsNalUnit(int nalType, int length) => nalType is 1 or 5 && length > VideoClearLead + Block;

    /// <summary>Encrypts an H.264 NAL unit (header byte first, no start code or length) in place, if its type and length call for it.</summary>
    /// <returns>Whether any block was encrypted.</returns>
    public bool EncryptNalUnit(Span<byte> nal)
    {
        if (nal.IsEmpty || !EncryptsNalUnit(nal[0] & 0x1F, nal.Length))
        {
            return false;
        }

        // A block is encrypted only when more than 16 bytes remain from its start, i.e. when it ends before the last byte:
        // the whole blocks of the range that stops one byte short of the end are exactly those.
        _cbc.Encrypt(_iv, nal[VideoClearLead..^1], 1, VideoSkipBlocks);
        return true;
    }

    /// <summary>Encrypts a raw AAC frame (without its ADTS header) in place.</summary>
    public void EncryptAudioFrame(Span<byte> frame)
    {
        if (frame.Length >= AudioClearLead + Block)
        {
            _cbc.Encrypt(_iv, frame[AudioClearLead..], 0, 0);
        }
    }

    public void Dispose() => _cbc.Dispose();
}
