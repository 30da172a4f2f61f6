using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Ts;

namespace Meridian.Media.Smooth;

/// <summary>
/// The client manifest's <c>QualityLevel/@CodecPrivateData</c> ([MS-SSTR] 2.2.2.5): upper-case hex of the Annex B
/// parameter sets for H.264 (<c>00000001{SPS}00000001{PPS}</c>, as dash.js's MSS parser splits it) and H.265
/// (VPS, SPS, PPS; SEI arrays of the <c>hvcC</c> are left out), and of the AudioSpecificConfig for AAC.
/// </summary>
public static class SmoothCodecPrivateData
{
    /// <summary>The CodecPrivateData of <paramref name="track"/>, or an empty string for formats without one here (E-AC-3).</summary>
    /// <exception cref="MediaFormatException">A malformed decoder configuration.</exception>
    public static string For(TrackInfo track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return For(track.Codec);
    }

    /// <summary>The CodecPrivateData of a codec configuration; empty when Smooth defines none for it.</summary>
    public static string For(CodecConfiguration codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (codec.ConfigurationType == BoxTypes.AvcC || codec.ConfigurationType == BoxTypes.HvcC)
        {
            var text = new System.Text.StringBuilder();
            var nal = NalConfiguration.From(codec);
            foreach (var set in nal.ParameterSets)
            {
                // Only parameter sets: an hvcC may also carry SEI arrays, which CodecPrivateData does not.
                var type = nal.NalType(set[0]);
                if (nal.Codec == VideoCodec.H264 ? type is 7 or 8 or 13 : type is 32 or 33 or 34)
                {
                    text.Append("00000001").Append(Convert.ToHexString(set));
                }
            }

            return text.ToString();
        }

        if (codec.Format == BoxTypes.Mp4a && !codec.DecoderSpecificInfo.IsEmpty)
        {
            return Convert.ToHexString(codec.DecoderSpecificInfo.Span);
        }

        return string.Empty;
    }
}
