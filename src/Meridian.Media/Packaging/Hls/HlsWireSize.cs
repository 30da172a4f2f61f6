namespace Meridian.Media.Packaging.Hls;

/// <summary>
/// The bytes a segment takes in a playlist's container, from its sample sizes: an upper bound, since BANDWIDTH must be
/// at least the peak segment bit rate of what is actually sent (RFC 8216 §4.3.4.2), and the sample payload alone is
/// 2 % (fMP4) to 25 % (MPEG-TS audio) below that.
/// </summary>
internal static class HlsWireSize
{
    private const int TsPacket = 188;
    private const int TsPayload = 184;

    // styp, moof (mfhd, traf, tfhd, tfdt, trun header), mdat; then per sample its trun entry (16 bytes) and, when
    // encrypted, its senc entry (an 8-byte IV and one or two subsamples) and saiz byte.
    private const int FragmentFixedBytes = 160;
    private const int FragmentBytesPerSample = 40;

    // Per video PES (one a sample): its header with PTS and DTS, and the access unit delimiter. Parameter sets go before
    // each key frame; a segment starts with one and rarely holds more.
    private const int VideoPesBytes = 19 + 6;
    private const int ParameterSetBytes = 512;

    // Audio PES hold up to 100 ms of frames (TsSegmentWriter.MaxAudioPesDuration); each AAC frame gets an ADTS header.
    private const int AudioPesBytes = 14;
    private const int AdtsBytes = 7;
    private const long AudioPesHns = 1_000_000;

    public static long Segment(HlsMode mode, TrackSegments segments, MediaSegment segment) =>
        Bytes(mode, segments.Track.Kind == TrackKind.Video, segments.Bytes(segment), segment.SampleCount, segment.Duration);

    public static long KeyFrame(HlsMode mode, long size) => Bytes(mode, video: true, size, 1, 0);

    private static long Bytes(HlsMode mode, bool video, long payload, int samples, long durationHns)
    {
        if (mode == HlsMode.Cmaf)
        {
            return payload + FragmentFixedBytes + (FragmentBytesPerSample * (long)samples);
        }

        // Every PES ends in a part-filled packet (counted whole), and each segment repeats the PAT and the PMT.
        var pes = video ? samples : (int)(durationHns / AudioPesHns) + 1;
        var elementary = payload + (video ? (VideoPesBytes * (long)samples) + ParameterSetBytes : (AudioPesBytes * (long)pes) + (AdtsBytes * (long)samples));
        var packets = ((elementary + TsPayload - 1) / TsPayload) + pes + 2;
        return packets * TsPacket;
    }
}
