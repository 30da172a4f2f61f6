using Meridian.Media.Cmaf;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;

namespace Meridian.Media.Crypto;

/// <summary>
/// Common Encryption of CMAF tracks with one content key (ISO/IEC 23001-7): the init-segment side (the <c>sinf</c> with
/// <c>frma</c>, <c>schm</c> and <c>tenc</c>, plus the <c>pssh</c> boxes) as an <see cref="ICmafInitProtection"/>, and per
/// media segment a <see cref="CencSampleEncryptor"/> for <see cref="CmafMediaSegmentWriter"/>. Stateless and thread-safe;
/// the encryptors it creates are not.
/// </summary>
public sealed class CencProtection : ICmafInitProtection
{
    /// <summary><c>cbcs</c> video pattern (ISO/IEC 23001-7 §10.4.1 and CMAF): encrypt 1 block, skip 9.</summary>
    public const int VideoCryptBlocks = 1;

    public const int VideoSkipBlocks = 9;

    private const uint SchemeVersion = 0x00010000;

    private readonly byte[] _constantIv;
    private readonly byte[] _ivContext;

    /// <param name="scheme"><c>cenc</c> or <c>cbcs</c>.</param>
    /// <param name="key">The content key; its id is the <c>tenc</c> default_KID.</param>
    /// <param name="systemHeaders">The <c>pssh</c> boxes for the init segment, e.g. from <see cref="StandardSystems"/>.</param>
    /// <param name="constantIv"><c>cbcs</c> only: the 16-byte constant IV; default derives it from the key (<see cref="IvDerivation.ConstantIv"/>).</param>
    /// <param name="ivContext">Mixed into every derived IV, e.g. the asset identity, so assets sharing a key get distinct IVs.</param>
    public CencProtection(
        EncryptionScheme scheme,
        ContentKey key,
        IReadOnlyList<ProtectionSystemHeader>? systemHeaders = null,
        ReadOnlySpan<byte> constantIv = default,
        ReadOnlySpan<byte> ivContext = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Enum.IsDefined(scheme))
        {
            throw new ArgumentOutOfRangeException(nameof(scheme));
        }

        if (!constantIv.IsEmpty && constantIv.Length != IvDerivation.BlockIvLength)
        {
            throw new ArgumentException("A cbcs constant IV is 16 bytes.", nameof(constantIv));
        }

        Scheme = scheme;
        Key = key;
        SystemHeaders = systemHeaders ?? [];
        _ivContext = ivContext.ToArray();
        _constantIv = scheme != EncryptionScheme.Cbcs ? [] : constantIv.IsEmpty ? IvDerivation.ConstantIv(key, _ivContext) : constantIv.ToArray();
    }

    public EncryptionScheme Scheme { get; }

    public ContentKey Key { get; }

    public IReadOnlyList<ProtectionSystemHeader> SystemHeaders { get; }

    /// <summary>The <c>cbcs</c> constant IV (empty for <c>cenc</c>); HLS <c>SAMPLE-AES</c> playlists state it as <c>IV=0x...</c>.</summary>
    public ReadOnlySpan<byte> ConstantIv => _constantIv;

    internal ReadOnlySpan<byte> IvContext => _ivContext;

    /// <summary>The common-system (ClearKey/EME), Widevine and PlayReady <c>pssh</c> boxes for one key.</summary>
    public static IReadOnlyList<ProtectionSystemHeader> StandardSystems(Guid keyId, EncryptionScheme scheme, string? playReadyLicenseUrl) =>
    [
        ProtectionSystems.Common(keyId),
        ProtectionSystems.Widevine(keyId, scheme),
        ProtectionSystems.PlayReady(keyId, playReadyLicenseUrl, scheme),
    ];

    /// <summary>The encryption pattern of a track: 1:9 for <c>cbcs</c> video, none otherwise.</summary>
    public (int Crypt, int Skip) PatternFor(TrackInfo track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return Scheme == EncryptionScheme.Cbcs && track.IsVideo ? (VideoCryptBlocks, VideoSkipBlocks) : (0, 0);
    }

    /// <summary>A sample transform for the media segments of <paramref name="track"/>; dispose it after the segment(s).</summary>
    public CencSampleEncryptor CreateEncryptor(TrackInfo track) => new(this, track);

    /// <summary>
    /// A sample transform for <see cref="Smooth.SmoothFragmentWriter"/> (AMS Smooth + PlayReady, PIFF 1.1): <c>cenc</c> only,
    /// 4-byte NAL lengths, PIFF <c>uuid</c> sample encryption box. The Smooth manifest's <c>ProtectionHeader</c> is
    /// <see cref="ProtectionSystems.PlayReadyObject"/> in base64.
    /// </summary>
    public CencSampleEncryptor CreateSmoothEncryptor(TrackInfo track)
    {
        if (Scheme != EncryptionScheme.Cenc)
        {
            throw new InvalidOperationException("Smooth Streaming protection uses the 'cenc' scheme (PIFF AES-CTR).");
        }

        return new(this, track, nalLengthSize: 4, piff: true);
    }

    /// <summary>ISO/IEC 14496-12 §8.12.1 <c>sinf</c>: <c>frma</c>, <c>schm</c>, <c>schi</c>(<c>tenc</c>, ISO/IEC 23001-7 §8.2).</summary>
    public void WriteProtectionSchemeInfo(BoxWriter writer, TrackInfo track, FourCC originalFormat)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(track);
        writer.StartBox(CencBoxTypes.Sinf);
        writer.StartBox(CencBoxTypes.Frma);
        writer.WriteFourCC(originalFormat);
        writer.EndBox();
        writer.StartFullBox(CencBoxTypes.Schm, 0, 0);
        writer.WriteFourCC(CencBoxTypes.SchemeType(Scheme));
        writer.WriteUInt32(SchemeVersion);
        writer.EndBox();
        writer.StartBox(CencBoxTypes.Schi);
        var cbcs = Scheme == EncryptionScheme.Cbcs;
        writer.StartFullBox(CencBoxTypes.Tenc, cbcs ? (byte)1 : (byte)0, 0);
        writer.WriteUInt8(0);
        var (crypt, skip) = PatternFor(track);
        writer.WriteUInt8(cbcs ? (byte)((crypt << 4) | skip) : (byte)0);
        writer.WriteUInt8(1);
        writer.WriteUInt8(cbcs ? (byte)0 : (byte)IvDerivation.SampleIvLength);
        writer.WriteBytes(Key.KeyIdBytes());
        if (cbcs)
        {
            writer.WriteUInt8((byte)_constantIv.Length);
            writer.WriteBytes(_constantIv);
        }

        writer.EndBox();
        writer.EndBox();
        writer.EndBox();
    }

    public void WriteProtectionSystemHeaders(BoxWriter writer, TrackInfo track)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var header in SystemHeaders)
        {
            header.Write(writer);
        }
    }
}
