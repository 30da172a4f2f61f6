namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>The built-in presets Meridian implements (a subset of AMS <c>EncoderNamedPreset</c>).</summary>
public enum EncoderNamedPreset
{
    AdaptiveStreaming,
    H264MultipleBitrate1080p,
    H264MultipleBitrate720p,
    H264MultipleBitrateSD,
    H264SingleBitrate1080p,
    H264SingleBitrate720p,
    H264SingleBitrateSD,
    H265AdaptiveStreaming,
    H265SingleBitrate720p,
    H265SingleBitrate1080p,
    H265SingleBitrate4K,
    AACGoodQualityAudio,
    CopyAllBitrateNonInterleaved,
}
