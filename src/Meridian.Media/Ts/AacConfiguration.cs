using Meridian.Media.Isobmff;

namespace Meridian.Media.Ts;

/// <summary>
/// The AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) of an AAC track and the ADTS header (§1.A.2.2) built from it.
/// </summary>
public sealed class AacConfiguration
{
    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    private AacConfiguration(byte[] audioSpecificConfig, int objectType, int sampleRateIndex, int channelConfiguration)
    {
        AudioSpecificConfig = audioSpecificConfig;
        ObjectType = objectType;
        SampleRateIndex = sampleRateIndex;
        ChannelConfiguration = channelConfiguration;
    }

    /// <summary>The raw AudioSpecificConfig bytes (Smooth's CodecPrivateData for AAC).</summary>
    public byte[] AudioSpecificConfig { get; }

    /// <summary>The core object type: 2 for AAC-LC, also for HE-AAC, whose SBR/PS layers ADTS signals implicitly.</summary>
    public int ObjectType { get; }

    /// <summary>Index of the core sampling frequency in the §1.6.3.4 table; explicit frequencies are mapped onto it.</summary>
    public int SampleRateIndex { get; }

    public int ChannelConfiguration { get; }

    /// <summary>Length of the ADTS header written by <see cref="WriteAdtsHeader"/> (no CRC).</summary>
    public const int AdtsHeaderLength = 7;

    /// <summary>Largest raw frame an ADTS header can describe (13-bit frame length).</summary>
    public const int MaxFrameLength = 8191 - AdtsHeaderLength;

    /// <summary>Reads the AudioSpecificConfig of an <c>mp4a</c> track from its <c>esds</c> descriptors (ISO/IEC 14496-1 §7.2.6).</summary>
    /// <exception cref="MediaFormatException">Not MPEG-4 AAC, or a configuration ADTS cannot carry.</exception>
    public static AacConfiguration From(CodecConfiguration codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (codec.Format != BoxTypes.Mp4a || codec.ConfigurationType != BoxTypes.Esds)
        {
            throw new MediaFormatException($"Audio format '{codec.Format}' is not MPEG-4 audio with an 'esds' box.");
        }

        if (codec.DecoderSpecificInfo.IsEmpty)
        {
            throw new MediaFormatException("The 'esds' decoder configuration is not MPEG-4 audio (objectTypeIndication 0x40).");
        }

        return Parse(codec.DecoderSpecificInfo.Span);
    }

    /// <summary>Parses an AudioSpecificConfig.</summary>
    public static AacConfiguration Parse(ReadOnlySpan<byte> audioSpecificConfig)
    {
        var bits = new BitReader(audioSpecificConfig, "AudioSpecificConfig");
        var aot = ReadObjectType(ref bits);
        var rateIndex = ReadRateIndex(ref bits);
        var channels = (int)bits.Read(4);
        if (aot is 5 or 29)
        {
            // Explicit SBR/PS signalling (§1.6.5.2): the extension rate (not needed by ADTS), then the core object type.
            if (bits.Read(4) == 0xF)
            {
                bits.Read(24);
            }

            aot = ReadObjectType(ref bits);
        }

        if (aot is < 1 or > 4)
        {
            throw new MediaFormatException($"AAC object type {aot} cannot be carried in ADTS (profiles 1-4 only).");
        }

        if (channels == 0)
        {
            throw new MediaFormatException("AAC with a program config element (channelConfiguration 0) is not supported in ADTS.");
        }

        return new AacConfiguration(audioSpecificConfig.ToArray(), aot, rateIndex, channels);
    }

    /// <summary>Writes the 7-byte ADTS header (MPEG-4, no CRC) for a raw frame of <paramref name="frameLength"/> bytes.</summary>
    public void WriteAdtsHeader(Span<byte> header, int frameLength)
    {
        if (frameLength is < 0 or > MaxFrameLength)
        {
            throw new MediaFormatException($"An AAC frame of {frameLength} bytes does not fit an ADTS header.");
        }

        var length = frameLength + AdtsHeaderLength;
        header[0] = 0xFF;
        header[1] = 0xF1;
        header[2] = (byte)(((ObjectType - 1) << 6) | (SampleRateIndex << 2) | (ChannelConfiguration >> 2));
        header[3] = (byte)(((ChannelConfiguration & 3) << 6) | (length >> 11));
        header[4] = (byte)(length >> 3);
        header[5] = (byte)(((length & 7) << 5) | 0x1F);
        header[6] = 0xFC;
    }

    private static int ReadObjectType(ref BitReader bits)
    {
        var aot = (int)bits.Read(5);
        return aot == 31 ? 32 + (int)bits.Read(6) : aot;
    }

    private static int ReadRateIndex(ref BitReader bits)
    {
        var index = (int)bits.Read(4);
        if (index == 0xF)
        {
            var rate = (int)bits.Read(24);
            index = Array.IndexOf(SampleRates, rate);
            if (index < 0)
            {
                throw new MediaFormatException($"AAC sampling frequency {rate} Hz has no ADTS frequency index.");
            }
        }
        else if (index >= SampleRates.Length)
        {
            throw new MediaFormatException($"AAC sampling frequency index {index} is reserved.");
        }

        return index;
    }
}
