using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Indexing;

public sealed class MediaIndexReaderTests(MediaFiles files)
{
    [Theory]
    [InlineData(TestMedia.H264Aac48)]
    [InlineData(TestMedia.H264Aac48Fragmented)]
    [InlineData(TestMedia.Aac44)]
    [InlineData(TestMedia.Hevc)]
    [InlineData(TestMedia.SmallFaststart)]
    public async Task ReadAsync_GeneratedFile_AgreesWithFfprobe(TestMedia media)
    {
        var path = await files.GetAsync(media);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var probe = await FfprobePackets.ReadAsync(path);

        Assert.Equal(probe.Keys.Order(), index.Tracks.Select(t => t.TrackId).Order());
        foreach (var track in index.Tracks)
        {
            var packets = probe[track.TrackId];
            var samples = track.Samples;
            Assert.Equal(packets.Count, samples.Count);

            // ffprobe reports dts on the presentation timeline: media dts minus the edit list's media time.
            var shift = packets[0].Dts - samples.DecodeTimes[0];
            Assert.True(shift == 0 || shift == -track.EditMediaTime, $"track {track.TrackId}: dts shift {shift}, edit {track.EditMediaTime}");
            for (var i = 0; i < samples.Count; i++)
            {
                Assert.Equal(packets[i].Size, samples.Sizes[i]);
                Assert.Equal(packets[i].Dts, samples.DecodeTimes[i] + shift);
                // ffprobe leaves the first primed AAC packet without a duration and, for fragments, reports the nominal
                // duration of a trimmed last sample; the index keeps what the file stores.
                if (packets[i].Duration != 0 && i != samples.Count - 1)
                {
                    Assert.True(packets[i].Duration == samples.Durations[i], $"track {track.TrackId} sample {i}: {packets[i]} vs {samples[i]}");
                }

                if (track.IsVideo)
                {
                    Assert.Equal(packets[i].Key, samples.IsSync(i));
                }
            }
        }
    }

    [Fact]
    public async Task ReadAsync_H264Aac_ParsesCodecAndTrackInfo()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);

        var video = Assert.Single(index.Tracks, t => t.IsVideo);
        Assert.Equal(320, video.Codec.Width);
        Assert.Equal(180, video.Codec.Height);
        Assert.Matches("^avc1\\.(64|4d|42)00[0-9a-f]{2}$", video.Codec.CodecString);
        Assert.Equal("avcC", video.Codec.ConfigurationType.ToString());
        Assert.Equal(1024, video.EditMediaTime);
        Assert.Equal(100, video.Samples.Count);
        Assert.True(video.Samples.IsSync(0));
        Assert.True(video.Bitrate > 0);
        Assert.Equal("und", video.Language);

        var audio = Assert.Single(index.Tracks, t => t.IsAudio);
        Assert.Equal("mp4a.40.2", audio.Codec.CodecString);
        Assert.Equal(48000, audio.Codec.SampleRate);
        Assert.Equal(1, audio.Codec.ChannelCount);
        Assert.Equal(48000u, audio.Timescale);
        Assert.Equal(1024, audio.EditMediaTime);
    }

    [Fact]
    public async Task ReadAsync_Aac44_ReportsSampleRateAndChannels()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.Aac44));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var audio = Assert.Single(index.Tracks);
        Assert.Equal("mp4a.40.2", audio.Codec.CodecString);
        Assert.Equal(44100, audio.Codec.SampleRate);
        Assert.Equal(2, audio.Codec.ChannelCount);
        Assert.Equal(2, audio.Codec.AudioObjectType);
    }

    [Fact]
    public async Task ReadAsync_Hevc_BuildsRfc6381CodecString()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.Hevc));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var video = Assert.Single(index.Tracks);
        // Main profile, compatibility flags 0x60000000 reversed = 6, level, then constraint bytes without trailing zeros.
        Assert.Matches("^hvc1\\.1\\.6\\.L[0-9]+(\\.[0-9A-F]{1,2})+$", video.Codec.CodecString);
        Assert.Equal("hvcC", video.Codec.ConfigurationType.ToString());
    }

    [Fact]
    public async Task ReadAsync_Fragmented_IndexesMoofSamples()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48Fragmented));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(index.IsFragmented);
        var video = Assert.Single(index.Tracks, t => t.IsVideo);
        Assert.Equal(100, video.Samples.Count);
        Assert.Equal(2, Enumerable.Range(0, video.Samples.Count).Count(video.Samples.IsSync));
    }

    [Fact]
    public async Task Fingerprint_FollowsTheSampleTable_NotTheFileOrTheRead()
    {
        async Task<MediaIndex> ReadAsync(string path)
        {
            using var source = FileRandomAccessSource.Open(path);
            return await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        }

        var path = await files.GetAsync(TestMedia.H264Aac48);
        var copy = Path.Combine(Path.GetTempPath(), $"meridian-fingerprint-{Guid.NewGuid():N}.mp4");
        File.Copy(path, copy);
        try
        {
            var first = await ReadAsync(path);
            var again = await ReadAsync(copy);
            var video = first.Tracks.Single(t => t.IsVideo).Samples.Fingerprint;
            var audio = first.Tracks.Single(t => t.IsAudio).Samples.Fingerprint;
            Assert.NotEqual(0UL, video);
            Assert.Equal(video, first.Tracks.Single(t => t.IsVideo).Samples.Fingerprint);
            Assert.Equal(video, again.Tracks.Single(t => t.IsVideo).Samples.Fingerprint);
            Assert.Equal(audio, again.Tracks.Single(t => t.IsAudio).Samples.Fingerprint);
            Assert.NotEqual(video, audio);

            // Other encodes: another codec, and the same samples laid out in fragments (other offsets).
            var hevc = await ReadAsync(await files.GetAsync(TestMedia.Hevc));
            var fragmented = await ReadAsync(await files.GetAsync(TestMedia.H264Aac48Fragmented));
            Assert.NotEqual(video, hevc.Tracks.Single(t => t.IsVideo).Samples.Fingerprint);
            Assert.NotEqual(video, fragmented.Tracks.Single(t => t.IsVideo).Samples.Fingerprint);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
