using System.Text;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Packaging;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Cmaf;

public sealed class CmafWriterTests(MediaFiles files)
{
    [Theory]
    [InlineData(TestMedia.H264Aac48)]
    [InlineData(TestMedia.H264Aac48Fragmented)]
    [InlineData(TestMedia.Aac44)]
    [InlineData(TestMedia.Hevc)]
    public async Task InitSegment_ParseAndRewrite_IsByteEqual(TestMedia media)
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(media));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var track in index.Tracks)
        {
            var init = Segments.Init(track);
            var reparsed = await MediaIndexReader.ReadAsync(new MemoryRandomAccessSource(init), cancellationToken: TestContext.Current.CancellationToken);
            var again = Assert.Single(reparsed.Tracks);
            Assert.True(reparsed.IsFragmented);
            Assert.Equal(track.Codec.CodecString, again.Codec.CodecString);
            Assert.Equal(track.EditMediaTime, again.EditMediaTime);
            Assert.Equal(track.Codec.ConfigurationBytes.ToArray(), again.Codec.ConfigurationBytes.ToArray());
            Assert.Equal(init, Segments.Init(again));
        }
    }

    [Fact]
    public async Task MediaSegment_Reparsed_MatchesSourceSamplesAndRewritesByteEqual()
    {
        var path = await files.GetAsync(TestMedia.H264Aac48);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        foreach (var track in index.Tracks)
        {
            const int First = 50;
            var count = Math.Min(40, track.Samples.Count - First);
            var init = Segments.Init(track);
            var segment = await Segments.MediaAsync(source, track, First, count, 7);
            var combined = init.Concat(segment).ToArray();
            var combinedSource = new MemoryRandomAccessSource(combined);
            var file = await IsoFileReader.ReadAsync(combinedSource, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(7u, Assert.Single(file.Fragments).SequenceNumber);
            var again = Assert.Single(MediaIndexReader.Build(file).Tracks);
            Assert.Equal(count, again.Samples.Count);
            for (var i = 0; i < count; i++)
            {
                var expected = track.Samples[First + i];
                var actual = again.Samples[i];
                Assert.Equal(expected with { Offset = 0 }, actual with { Offset = 0 });
                Assert.True(
                    bytes.AsSpan((int)expected.Offset, (int)expected.Size).SequenceEqual(combined.AsSpan((int)actual.Offset, (int)actual.Size)),
                    $"track {track.TrackId} sample {First + i} bytes differ");
            }

            var rewritten = await Segments.MediaAsync(combinedSource, again, 0, count, 7);
            Assert.Equal(segment, rewritten);
        }
    }

    [Fact]
    public async Task MediaSegment_StypBrands_AreCmfsAndMsdh_NotMsixWithoutASidx()
    {
        // ISO/IEC 23009-1 §6.3.4.3: an msix segment carries a sidx; these segments have none.
        var path = await files.GetAsync(TestMedia.H264Aac48);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var segment = await Segments.MediaAsync(source, index.Tracks[0], 0, 10, 1);

        var stypSize = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(segment);
        Assert.Equal("styp"u8.ToArray(), segment[4..8]);
        var brands = Enumerable.Range(0, (stypSize - 16) / 4).Select(i => System.Text.Encoding.ASCII.GetString(segment, 16 + (4 * i), 4)).ToList();
        Assert.Equal("msdh", System.Text.Encoding.ASCII.GetString(segment, 8, 4));
        Assert.Equal(["msdh", "cmfs"], brands);
        Assert.Equal(-1, segment.AsSpan().IndexOf("sidx"u8));
    }

    [Fact]
    public async Task DelayedAudio_KeepsItsDelay_InThePlanAndInTheFragmentedTrack()
    {
        // An empty edit (ISO/IEC 14496-12 §8.6.6) before the audio was once dropped: the audio played 0.5 s early.
        var path = await files.GetAsync(TestMedia.DelayedAudio);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var audio = index.Tracks.Single(t => t.IsAudio);
        var video = index.Tracks.Single(t => t.IsVideo);
        var probed = System.Text.Json.JsonDocument.Parse(await ProcessRunner.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=start_time", "-of", "json", path]));
        var expected = double.Parse(probed.RootElement.GetProperty("streams")[0].GetProperty("start_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(expected > 0.4, $"the source's audio starts at {expected} s");
        Assert.True(audio.EditMediaTime < 0);
        Assert.Equal(expected, SegmentPlanner.PresentationTime(audio, 0) / (double)audio.Timescale, 3);
        Assert.Equal(0, SegmentPlanner.PresentationTime(video, 0));

        // The fragmented track says the same to a player: ffprobe of init + first segment starts the audio there too.
        var fragmented = Path.Combine(files.Directory, "delayed-audio-cmaf.mp4");
        await File.WriteAllBytesAsync(fragmented, [.. Segments.Init(audio), .. await Segments.MediaAsync(source, audio, 0, 40, 1)],
            TestContext.Current.CancellationToken);
        var again = System.Text.Json.JsonDocument.Parse(await ProcessRunner.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=start_time", "-of", "json", fragmented]));
        var fragmentedStart = double.Parse(again.RootElement.GetProperty("streams")[0].GetProperty("start_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, fragmentedStart, 3);
    }

    [Fact]
    public async Task Segments_DecodedByFfmpeg_MatchSourceFrameHashes()
    {
        var path = await files.GetAsync(TestMedia.H264Aac48);
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var track in index.Tracks)
        {
            var output = Path.Combine(files.Directory, $"cmaf-track{track.TrackId}.mp4");
            await File.WriteAllBytesAsync(output, await Segments.WholeTrackAsync(source, track), TestContext.Current.CancellationToken);
            var stream = track.IsVideo ? "v" : "a";

            // Decoded frame hashes: pictures for video, PCM frames for audio (after the edit list trims AAC priming).
            var expected = await FrameHashesAsync(path, stream, []);
            var actual = await FrameHashesAsync(output, "0", []);
            Assert.True(expected.Count >= track.Samples.Count - 1, $"track {track.TrackId}: only {expected.Count} frames decoded");
            // ffmpeg 5.1 does not apply a fragmented file's edit list, so it outputs the primed AAC frame the source's
            // edit list hides; every frame the source presents must still match, in order, at the end.
            Assert.InRange(actual.Count - expected.Count, 0, track.IsVideo ? 0 : 1);
            Assert.True(expected.SequenceEqual(actual.Skip(actual.Count - expected.Count)), $"track {track.TrackId}: {expected.Count} vs {actual.Count} hashes, first {expected[0]} vs {actual[0]}, output {output}");
        }
    }

    [Fact]
    public async Task InitSegment_BoxDump_MatchesGolden()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var dump = new StringBuilder();
        foreach (var track in index.Tracks)
        {
            dump.Append("# track ").Append(track.TrackId).Append(' ').Append(track.Codec.CodecString).Append('\n');
            dump.Append(BoxDump.Dump(Segments.Init(track)));
        }

        var segment = await Segments.MediaAsync(source, index.Tracks[0], 0, 3, 1);
        dump.Append("# media segment, track 1, samples 0-2\n").Append(BoxDump.Dump(segment));
        Golden.AssertMatches("init-h264-aac.txt", dump.ToString());
    }

    private static async Task<List<string>> FrameHashesAsync(string path, string stream, string[] codec)
    {
        var text = Encoding.UTF8.GetString(await ProcessRunner.RunAsync(
            "ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-map", "0:" + stream, .. codec, "-f", "framemd5", "-"]));
        return [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(',')[^1].Trim())];
    }
}
