using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;

namespace Meridian.Media.Ts;

/// <summary>
/// One elementary stream of a transport stream segment: samples [<paramref name="FirstSample"/>,
/// <paramref name="FirstSample"/> + <paramref name="SampleCount"/>) of <paramref name="Track"/>, read from
/// <paramref name="Source"/>. Video and audio may come from different files (one MP4 per rendition).
/// </summary>
public sealed record TsTrackInput(IRandomAccessSource Source, TrackInfo Track, int FirstSample, int SampleCount)
{
    /// <summary>
    /// HLS <c>SAMPLE-AES</c> for this stream (H.264 or AAC only), or null for a clear stream. See <see cref="SampleAesCipher"/>.
    /// </summary>
    public SampleAesKey? Encryption { get; init; }
}
