using Meridian.Media.Indexing;

namespace Meridian.Media.Packaging;

/// <summary>
/// One track of a presentation as the manifests name it. <see cref="Name"/> plus <see cref="Bitrate"/> identify it in
/// AMS URLs (<c>QualityLevels(bitrate)/Fragments(name=time)</c>): all video renditions are usually named <c>video</c>.
/// </summary>
public sealed class PresentationTrack
{
    public required string Name { get; init; }

    public required TrackKind Kind { get; init; }

    /// <summary>Declared (<c>systemBitrate</c>) or estimated average bitrate in bits per second; never 0.</summary>
    public required long Bitrate { get; init; }

    /// <summary>Language tag from the server manifest or the <c>mdhd</c> (ISO 639-2/T), <c>und</c> when unknown.</summary>
    public required string Language { get; init; }

    /// <summary>File name of the MP4 in the asset container.</summary>
    public required string SourceFile { get; init; }

    public required TrackInfo Track { get; init; }

    public uint TrackId => Track.TrackId;

    /// <summary>RFC 6381 codec string.</summary>
    public string CodecString => Track.Codec.CodecString;

    public int Width => Track.Codec.Width;

    public int Height => Track.Codec.Height;

    public int SampleRate => Track.Codec.SampleRate;

    public int Channels => Track.Codec.ChannelCount;

    /// <summary>The <c>accessibility</c> param (e.g. <c>description</c>), null when absent.</summary>
    public string? Accessibility { get; init; }

    /// <summary>The <c>role</c> param (e.g. <c>alternate</c>), null when absent.</summary>
    public string? Role { get; init; }

    /// <summary>Frame rate as a reduced fraction when every sample has the same duration, else the average; 0/1 for non-video.</summary>
    public (long Numerator, long Denominator) FrameRate
    {
        get
        {
            var samples = Track.Samples;
            if (Kind != TrackKind.Video || samples.Count == 0 || Track.Duration <= 0)
            {
                return (0, 1);
            }

            var durations = samples.Durations;
            var constant = durations[0];
            foreach (var d in durations)
            {
                if (d != constant)
                {
                    constant = 0;
                    break;
                }
            }

            var (num, den) = constant > 0 ? ((long)Track.Timescale, (long)constant) : (samples.Count * (long)Track.Timescale, Track.Duration);
            var gcd = (long)System.Numerics.BigInteger.GreatestCommonDivisor(num, den);
            return (num / gcd, den / gcd);
        }
    }

    /// <summary>The language as an RFC 5646 tag (two-letter where ISO 639-1 has one), or null when undetermined.</summary>
    public string? LanguageTag => ManifestText.Bcp47(Language);

    public override string ToString() => $"{Kind} {Name} @{Bitrate} ({SourceFile}#{TrackId})";
}
