using System.Buffers;
using System.Buffers.Binary;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Sources;

namespace Meridian.Media.Ts;

/// <summary>
/// Writes an MPEG-2 transport stream segment (ISO/IEC 13818-1; HLS per RFC 8216 §3.2) from one video and/or one audio
/// track of MP4 sources, reading only the bytes of the requested samples. The output depends only on the inputs and the
/// sequence number, so every origin node produces identical bytes for the same URL.
/// </summary>
/// <remarks>
/// <para>Layout: PAT, PMT, then PES packets interleaved by DTS (video first on ties). Video access units become one PES each
/// with an access unit delimiter, the <c>avcC</c>/<c>hvcC</c> parameter sets before every sync sample, and Annex B start
/// codes. AAC frames get ADTS headers and are bundled up to <see cref="MaxAudioPesDuration"/> per PES; E-AC-3 syncframes
/// are carried as they are.</para>
/// <para>Timestamps: PTS = (decode time + composition offset - edit-list media time) converted exactly to 90 kHz, plus
/// <see cref="TimestampOffset"/> (10 s, the start Apple's segmenter uses), so B-frame reordering and AAC priming never make a
/// timestamp negative and all tracks and renditions share one timeline. DTS is lowered by the track's most negative
/// composition offset (for <c>ctts</c> version 1 sources) so DTS never exceeds PTS. The PCR rides on the first packet of
/// every PES of the video PID (the audio PID when there is no video) with value DTS - <see cref="PcrLead"/>; audio PES are at
/// most 100 ms apart, so an audio-only PCR is too.</para>
/// <para>Continuity counters: the elementary-stream PIDs start every segment at 0 and the writer spreads the last PES of each
/// PID over extra (stuffed) packets so each PID carries a multiple of 16 packets; a segment therefore ends at counter 15 and
/// any segment continues any other without knowing its size. The PAT and PMT (one packet each) use the sequence number
/// modulo 16, so they are continuous when segments are fetched in order.</para>
/// <para>SAMPLE-AES (<see cref="TsTrackInput.Encryption"/>; Apple, "MPEG-2 Stream Encryption Format for HTTP Live
/// Streaming"): slice NAL units and AAC frames are encrypted as <see cref="SampleAesCipher"/> describes, encrypted NAL units
/// get emulation prevention again, and the PMT signals the encrypted streams (§3: stream types 0xDB and 0xCF, a
/// <c>private_data_indicator_descriptor</c> of <c>zavc</c>/<c>aacd</c>, and for AAC the audio setup information in a
/// <c>registration_descriptor</c> of <c>apad</c>). The specification covers H.264 and AAC (and AC-3/E-AC-3, not done here).</para>
/// </remarks>
public static class TsSegmentWriter
{
    public const int PatPid = 0x0000;
    public const int PmtPid = 0x1000;
    public const int VideoPid = 0x0100;
    public const int AudioPid = 0x0101;

    public const int StreamTypeH264 = 0x1B;
    public const int StreamTypeH265 = 0x24;
    public const int StreamTypeAdtsAac = 0x0F;
    public const int StreamTypeEac3 = 0x87;
    public const int StreamTypeSampleAesH264 = 0xDB;
    public const int StreamTypeSampleAesAac = 0xCF;

    /// <summary>Added to every PTS/DTS: 10 s in 90 kHz ticks.</summary>
    public const long TimestampOffset = 900_000;

    /// <summary>How far the PCR runs ahead of the DTS of the PES it precedes: 100 ms in 90 kHz ticks.</summary>
    public const long PcrLead = 9_000;

    /// <summary>Longest run of audio frames bundled into one PES, in 90 kHz ticks (100 ms).</summary>
    public const long MaxAudioPesDuration = 9_000;

    private const int MaxBoundedPesPayload = ushort.MaxValue - 8;
    private const byte VideoStreamId = 0xE0;
    private const byte AudioStreamId = 0xC0;
    private const byte PrivateStream1 = 0xBD;

    public static async ValueTask WriteAsync(
        TsTrackInput? video, TsTrackInput? audio, long sequenceNumber, IBufferWriter<byte> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (video is null && audio is null)
        {
            throw new ArgumentException("A transport stream segment needs a video or an audio track.", nameof(video));
        }

        if (video is not null && !video.Track.IsVideo)
        {
            throw new ArgumentException($"Track {video.Track.TrackId} is not a video track.", nameof(video));
        }

        if (audio is not null && !audio.Track.IsAudio)
        {
            throw new ArgumentException($"Track {audio.Track.TrackId} is not an audio track.", nameof(audio));
        }

        var nal = video is null ? null : NalConfiguration.From(video.Track.Codec);
        var aac = audio is null ? null : IsEac3(audio.Track) ? null : AacConfiguration.From(audio.Track.Codec);
        if (video?.Encryption is not null && nal!.Codec != VideoCodec.H264)
        {
            throw new MediaFormatException(
                $"Track {video.Track.TrackId} is {nal.Codec}: SAMPLE-AES on MPEG-TS is defined for H.264 video only (HEVC needs fMP4 and cbcs).");
        }

        if (audio?.Encryption is not null && aac is null)
        {
            throw new MediaFormatException($"Track {audio.Track.TrackId} is not AAC: SAMPLE-AES on MPEG-TS is implemented for AAC audio only.");
        }

        var units = new List<PesUnit>();
        using var buffer = new PooledBuffer(EstimateSize(video) + EstimateSize(audio));
        if (video is not null)
        {
            await AddVideoAsync(video, nal!, buffer, units, cancellationToken);
        }

        var videoCount = units.Count;
        if (audio is not null)
        {
            await AddAudioAsync(audio, aac, buffer, units, cancellationToken);
        }

        // Stable by construction: each track's units are already in DTS order and the comparison breaks ties by PID.
        var ordered = Merge(units, videoCount);
        var pcrPid = video is not null ? VideoPid : AudioPid;
        var streams = new List<(int, int, byte[])>();
        if (nal is not null)
        {
            streams.Add(video!.Encryption is not null ? (StreamTypeSampleAesH264, VideoPid, "\u000f\u0004zavc"u8.ToArray())
                : (nal.Codec == VideoCodec.H264 ? StreamTypeH264 : StreamTypeH265, VideoPid, []));
        }

        if (audio is not null)
        {
            streams.Add(audio.Encryption is not null ? (StreamTypeSampleAesAac, AudioPid, SampleAesAacDescriptors(aac!))
                : aac is not null ? (StreamTypeAdtsAac, AudioPid, []) : (StreamTypeEac3, AudioPid, "\u0005\u0004EAC3"u8.ToArray()));
        }

        var psiContinuity = (int)(sequenceNumber & 0x0F);
        TsPackets.WriteSection(output, PatPid, psiContinuity, TsPackets.ProgramAssociation(PmtPid));
        TsPackets.WriteSection(output, PmtPid, psiContinuity, TsPackets.ProgramMap(pcrPid, streams));
        if (ordered.Count > 0 && ordered[0].Pid != pcrPid)
        {
            // Counter 15: an adaptation-only packet repeats the PID's last counter, which every segment leaves at 15.
            TsPackets.Write(output, pcrPid, false, 15, ordered[0].Dts - PcrLead, false, []);
        }

        var packetCounts = PlanPackets(ordered, pcrPid);
        var continuity = new Dictionary<int, int> { [VideoPid] = 0, [AudioPid] = 0 };
        for (var u = 0; u < ordered.Count; u++)
        {
            var unit = ordered[u];
            var pcr = unit.Pid == pcrPid ? unit.Dts - PcrLead : (long?)null;
            var firstField = FirstFieldSize(unit, pcrPid);
            var packets = packetCounts[u];
            var remaining = unit.Length;
            var position = unit.Offset;
            for (var p = 0; p < packets; p++)
            {
                var capacity = p == 0 ? TsPackets.MaxPayload - firstField : TsPackets.MaxPayload;
                var take = Math.Min(capacity, remaining - (packets - 1 - p));
                var cc = continuity[unit.Pid];
                continuity[unit.Pid] = (cc + 1) & 0x0F;
                TsPackets.Write(output, unit.Pid, p == 0, cc, p == 0 ? pcr : null, p == 0 && unit.RandomAccess, buffer.Span(position, take));
                position += take;
                remaining -= take;
            }
        }
    }

    private static bool IsEac3(TrackInfo track) => track.Codec.Format == BoxTypes.Ec3;

    // Apple's §3 signalling of encrypted AAC: private_data_indicator 'aacd', then a registration descriptor 'apad' whose
    // additional identification info is the audio setup information (§2.3.4): audio_type, priming (2 bytes), version,
    // setup_data_length and the AudioSpecificConfig.
    private static byte[] SampleAesAacDescriptors(AacConfiguration aac)
    {
        var config = aac.AudioSpecificConfig;
        var audioType = (config.Length > 0 ? config[0] >> 3 : 0) switch
        {
            5 => "zach"u8,
            29 => "zacp"u8,
            _ => "zaac"u8,
        };
        var descriptors = new byte[6 + 6 + 8 + config.Length];
        "\u000f\u0004aacd"u8.CopyTo(descriptors);
        descriptors[6] = 0x05;
        descriptors[7] = (byte)(4 + 8 + config.Length);
        "apad"u8.CopyTo(descriptors.AsSpan(8));
        audioType.CopyTo(descriptors.AsSpan(12));
        descriptors[18] = 1;
        descriptors[19] = (byte)config.Length;
        config.CopyTo(descriptors, 20);
        return descriptors;
    }

    private static int EstimateSize(TsTrackInput? input)
    {
        if (input is null)
        {
            return 0;
        }

        long total = 0;
        for (var i = input.FirstSample; i < input.FirstSample + input.SampleCount && i < input.Track.Samples.Count; i++)
        {
            total += input.Track.Samples.Sizes[i] + 16;
        }

        return (int)Math.Min(total + 4096, SampleDataReader.MaxSegmentBytes);
    }

    private static long ToPesTime(long ticks, uint timescale) => Timescale.Rescale(ticks, timescale, 90_000) + TimestampOffset;

    private static async ValueTask AddVideoAsync(
        TsTrackInput input, NalConfiguration nal, PooledBuffer buffer, List<PesUnit> units, CancellationToken cancellationToken)
    {
        var track = input.Track;
        var samples = track.Samples;
        var data = await SampleDataReader.ReadAsync(input.Source, samples, input.FirstSample, input.SampleCount, cancellationToken);
        using var cipher = input.Encryption is { } key ? new SampleAesCipher(key) : null;
        try
        {
            var dtsShift = 0L;
            foreach (var cto in samples.CompositionOffsets)
            {
                dtsShift = Math.Max(dtsShift, -(long)cto);
            }

            var position = 0;
            ReadOnlySpan<byte> aud = nal.Codec == VideoCodec.H264 ? [0, 0, 0, 1, 0x09, 0xF0] : [0, 0, 0, 1, 0x46, 0x01, 0x50];
            var audType = nal.Codec == VideoCodec.H264 ? 9 : 35;
            for (var i = input.FirstSample; i < input.FirstSample + input.SampleCount; i++)
            {
                var size = (int)samples.Sizes[i];
                var sample = data.AsSpan(position, size);
                position += size;
                var decode = samples.DecodeTimes[i] - track.EditMediaTime;
                var pts = ToPesTime(decode + samples.CompositionOffsets[i], track.Timescale);
                var dts = ToPesTime(decode - dtsShift, track.Timescale);
                var withDts = dts != pts;
                var headerLength = TsPackets.PesHeaderLength(withDts);
                var start = buffer.Length;
                buffer.Append(headerLength);
                buffer.Append(aud);
                var sync = samples.IsSync(i);
                if (sync)
                {
                    foreach (var set in nal.ParameterSets)
                    {
                        AppendNal(buffer, set);
                    }
                }

                var offset = 0;
                while (offset < sample.Length)
                {
                    if (sample.Length - offset < nal.LengthSize)
                    {
                        throw new MediaFormatException($"Track {track.TrackId} sample {i}: {sample.Length - offset} bytes left, too few for a NAL length.");
                    }

                    var length = ReadLength(sample[offset..], nal.LengthSize);
                    offset += nal.LengthSize;
                    if (length == 0 || length > (uint)(sample.Length - offset))
                    {
                        throw new MediaFormatException(
                            $"Track {track.TrackId} sample {i}: NAL unit length {length} at byte {offset - nal.LengthSize} does not fit the {sample.Length}-byte sample.");
                    }

                    var unit = sample.Slice(offset, (int)length);
                    offset += (int)length;
                    var type = nal.NalType(unit[0]);
                    if (cipher is not null && SampleAesCipher.EncryptsNalUnit(type, unit.Length))
                    {
                        AppendEncryptedNal(buffer, unit, cipher);
                    }
                    else if (type != audType)
                    {
                        AppendNal(buffer, unit);
                    }
                }

                TsPackets.WritePesHeader(buffer.Span(start, headerLength), VideoStreamId, 0, pts, withDts ? dts : null);
                units.Add(new PesUnit(VideoPid, dts, start, buffer.Length - start, sync));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private static async ValueTask AddAudioAsync(
        TsTrackInput input, AacConfiguration? aac, PooledBuffer buffer, List<PesUnit> units, CancellationToken cancellationToken)
    {
        var track = input.Track;
        var samples = track.Samples;
        var data = await SampleDataReader.ReadAsync(input.Source, samples, input.FirstSample, input.SampleCount, cancellationToken);
        using var cipher = input.Encryption is { } key ? new SampleAesCipher(key) : null;
        try
        {
            var headerLength = TsPackets.PesHeaderLength(false);
            var frameOverhead = aac is null ? 0 : AacConfiguration.AdtsHeaderLength;
            var streamId = aac is null ? PrivateStream1 : AudioStreamId;
            var end = input.FirstSample + input.SampleCount;
            var position = 0;
            var i = input.FirstSample;
            while (i < end)
            {
                var first = i;
                var start = buffer.Length;
                buffer.Append(headerLength);
                var payload = 0;
                var bundleStart = samples.DecodeTimes[first];
                do
                {
                    var size = (int)samples.Sizes[i];
                    if (aac is not null)
                    {
                        aac.WriteAdtsHeader(buffer.Append(AacConfiguration.AdtsHeaderLength), size);
                    }

                    buffer.Append(data.AsSpan(position, size));
                    cipher?.EncryptAudioFrame(buffer.Span(buffer.Length - size, size));
                    position += size;
                    payload += size + frameOverhead;
                    i++;
                }
                while (i < end
                    && Timescale.Rescale(samples.DecodeTimes[i] + samples.Durations[i] - bundleStart, track.Timescale, 90_000) <= MaxAudioPesDuration
                    && payload + samples.Sizes[i] + frameOverhead <= MaxBoundedPesPayload);

                if (payload > MaxBoundedPesPayload)
                {
                    throw new MediaFormatException($"Track {track.TrackId} sample {first} is too large for an audio PES packet.");
                }

                var pts = ToPesTime(samples.DecodeTimes[first] - track.EditMediaTime, track.Timescale);
                TsPackets.WritePesHeader(buffer.Span(start, headerLength), streamId, 3 + 5 + payload, pts, null);
                units.Add(new PesUnit(AudioPid, pts, start, buffer.Length - start, true));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private static void AppendNal(PooledBuffer buffer, ReadOnlySpan<byte> unit)
    {
        var span = buffer.Append(4 + unit.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, 1);
        unit.CopyTo(span[4..]);
    }

    // The NAL unit as stored (already escaped) is encrypted and escaped once more; see SampleAesCipher.
    private static void AppendEncryptedNal(PooledBuffer buffer, ReadOnlySpan<byte> unit, SampleAesCipher cipher)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(unit.Length);
        try
        {
            var encrypted = scratch.AsSpan(0, unit.Length);
            unit.CopyTo(encrypted);
            cipher.EncryptNalUnit(encrypted);
            var most = EmulationPrevention.MaxEscapedLength(unit.Length);
            var span = buffer.Append(4 + most);
            BinaryPrimitives.WriteUInt32BigEndian(span, 1);
            var written = EmulationPrevention.Escape(encrypted, span[4..]);
            buffer.Shrink(most - written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static uint ReadLength(ReadOnlySpan<byte> b, int size) => size switch
    {
        1 => b[0],
        2 => BinaryPrimitives.ReadUInt16BigEndian(b),
        _ => BinaryPrimitives.ReadUInt32BigEndian(b),
    };

    private static List<PesUnit> Merge(List<PesUnit> units, int videoCount)
    {
        var result = new List<PesUnit>(units.Count);
        int v = 0, a = videoCount;
        while (v < videoCount || a < units.Count)
        {
            var takeVideo = a >= units.Count || (v < videoCount && units[v].Dts <= units[a].Dts);
            result.Add(takeVideo ? units[v++] : units[a++]);
        }

        return result;
    }

    private static int FirstFieldSize(PesUnit unit, int pcrPid) =>
        unit.Pid == pcrPid ? TsPackets.PcrFieldSize : unit.RandomAccess ? TsPackets.FlagsFieldSize : 0;

    // The fewest packets per PES, then up to 15 more on each PID (taken from its last PES first, one payload byte per
    // packet at least) so that each PID's packet count is a multiple of 16.
    private static int[] PlanPackets(List<PesUnit> units, int pcrPid)
    {
        var counts = new int[units.Count];
        var totals = new Dictionary<int, int>();
        for (var u = 0; u < units.Count; u++)
        {
            var first = TsPackets.MaxPayload - FirstFieldSize(units[u], pcrPid);
            var length = units[u].Length;
            counts[u] = length <= first ? 1 : 1 + ((length - first + TsPackets.MaxPayload - 1) / TsPackets.MaxPayload);
            totals[units[u].Pid] = totals.GetValueOrDefault(units[u].Pid) + counts[u];
        }

        foreach (var (pid, total) in totals)
        {
            var extra = (16 - (total % 16)) % 16;
            for (var u = units.Count - 1; u >= 0 && extra > 0; u--)
            {
                if (units[u].Pid == pid)
                {
                    var add = Math.Min(extra, units[u].Length - counts[u]);
                    counts[u] += add;
                    extra -= add;
                }
            }
        }

        return counts;
    }
}
