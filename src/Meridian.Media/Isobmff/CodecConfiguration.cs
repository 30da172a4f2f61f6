namespace Meridian.Media.Isobmff;

/// <summary>
/// What a player needs to know about a track's first sample entry (<c>stsd</c>, ISO/IEC 14496-12 §8.5.2): the format, the
/// RFC 6381 codec string for manifests, and the raw decoder configuration box payload (<c>avcC</c>, <c>hvcC</c>, <c>esds</c>,
/// <c>dec3</c>) for formats such as Smooth Streaming's CodecPrivateData.
/// </summary>
public sealed record CodecConfiguration
{
    /// <summary>The sample entry type, e.g. <c>avc1</c>, <c>mp4a</c>.</summary>
    public required FourCC Format { get; init; }

    /// <summary>RFC 6381 <c>codecs</c> value, e.g. <c>avc1.64001f</c>, <c>mp4a.40.2</c>, <c>hvc1.1.6.L93.B0</c>, <c>ec-3</c>.</summary>
    public required string CodecString { get; init; }

    /// <summary>Type of the decoder configuration box, or default when the entry has none.</summary>
    public FourCC ConfigurationType { get; init; }

    /// <summary>Payload of the decoder configuration box (after its header; for <c>esds</c> after version/flags).</summary>
    public ReadOnlyMemory<byte> ConfigurationBytes { get; init; }

    /// <summary>Visual sample entry width in pixels, 0 for non-video.</summary>
    public int Width { get; init; }

    /// <summary>Visual sample entry height in pixels, 0 for non-video.</summary>
    public int Height { get; init; }

    /// <summary>Audio sampling rate in Hz (from the AudioSpecificConfig when present), 0 for non-audio.</summary>
    public int SampleRate { get; init; }

    /// <summary>Audio channel count (from the AudioSpecificConfig or <c>dec3</c> when present), 0 for non-audio.</summary>
    public int ChannelCount { get; init; }

    /// <summary>MPEG-4 audio object type (2 = AAC-LC, 5 = HE-AAC), 0 when not MPEG-4 audio.</summary>
    public int AudioObjectType { get; init; }

    /// <summary>
    /// The MPEG-4 DecoderSpecificInfo of an <c>esds</c> (ISO/IEC 14496-1 §7.2.6.7): for AAC, the AudioSpecificConfig. Empty for
    /// other codecs or when the object type is not MPEG-4 audio.
    /// </summary>
    public ReadOnlyMemory<byte> DecoderSpecificInfo { get; init; }
}
