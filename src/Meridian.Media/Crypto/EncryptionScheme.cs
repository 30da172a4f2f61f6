namespace Meridian.Media.Crypto;

/// <summary>The Common Encryption schemes (ISO/IEC 23001-7 §4.2) the CMAF writers can apply.</summary>
public enum EncryptionScheme
{
    /// <summary>
    /// <c>cenc</c>: AES-128 CTR, 8-byte per-sample IVs, video subsample encryption. AMS <c>encryption=cenc</c>
    /// (PlayReady/Widevine on DASH, Smooth and HLS).
    /// </summary>
    Cenc,

    /// <summary>
    /// <c>cbcs</c>: AES-128 CBC with a constant 16-byte IV; video slice data encrypted in a 1:9 block pattern, audio whole
    /// blocks. AMS <c>encryption=cbcs-aapl</c> (FairPlay) and the CMAF interoperable scheme.
    /// </summary>
    Cbcs,
}
